// rnn-conformance: dispatches to one module per command; `--help` on any command, `--version`.
import { classify, EXIT, UsageError } from './exit-codes.js';
import { quietOnBrokenPipe } from './epipe.js';
import { version } from './version.js';

type Command = (args: string[]) => Promise<number>;
/** What a command module gives: its run function and its help text (`rnn-conformance CMD --help`). */
interface Loaded {
  run: Command;
  help: string;
}

const commands: Record<string, { summary: string; load: () => Promise<Loaded> }> = {
  check: { summary: 'fuzz N cases against real torch; exit 0 conforms, 1 divergence', load: async () => { const m = await import('./check.js'); return { run: m.check, help: m.HELP }; } },
  forward: { summary: 'run the engine alone on safetensors files', load: async () => { const m = await import('./forward.js'); return { run: m.forward, help: m.HELP }; } },
  backward: { summary: "the engine's forward and backward (gradients) on safetensors files", load: async () => { const m = await import('./backward.js'); return { run: m.backward, help: m.HELP }; } },
  replay: { summary: 'run a saved case file on the engine and on torch, print the verdict', load: async () => { const m = await import('./replay.js'); return { run: m.replay, help: m.HELP }; } },
  explain: { summary: 'where and why engine and torch part on a case file: per layer/direction/step, chart', load: async () => { const m = await import('./explain.js'); return { run: m.explain, help: m.HELP }; } },
  matrix: { summary: 'several engines over the same cases: engine × (dtype, feature) as Markdown and JSON', load: async () => { const m = await import('./matrix.js'); return { run: m.matrix, help: m.HELP }; } },
  golden: { summary: 'regen | verify | check the golden fixtures (check needs no Python)', load: async () => { const m = await import('./golden.js'); return { run: m.golden, help: m.HELP }; } },
  init: { summary: 'weights identical to torch.manual_seed(N); nn.RNN(**config)', load: async () => { const m = await import('./init.js'); return { run: m.init, help: m.HELP }; } },
  'setup-python': { summary: 'provision the torch reference for the live checks (.venv from requirements.txt)', load: async () => { const m = await import('./setup-python.js'); return { run: m.setupPython, help: m.HELP }; } },
};

export const USAGE = `usage: rnn-conformance <command> [options]
       rnn-conformance <command> --help
       rnn-conformance --version

commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`)
  .join('\n')}
  help         this text

exit codes: 0 conforms, 1 divergence found, 2 bad usage or bad input file, 3 environment (no Python, no torch, sidecar dead)`;

const wantsHelp = (args: readonly string[]) => args.includes('--help') || args.includes('-h');

export async function main(argv: string[]): Promise<number> {
  quietOnBrokenPipe();
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return name === undefined ? EXIT.badInput : EXIT.conforms;
  }
  try {
    if (name === '--version' || name === '-V') {
      process.stdout.write(`${await version()}\n`);
      return EXIT.conforms;
    }
    const entry = commands[name];
    if (!entry) throw new UsageError(`unknown command '${name}'`);
    const command = await entry.load();
    if (wantsHelp(rest)) {
      process.stdout.write(`${command.help}\n`);
      return EXIT.conforms;
    }
    return await command.run(rest);
  } catch (err) {
    const { code, text } = classify(err);
    process.stderr.write(`${text}\n`);
    return code;
  }
}
