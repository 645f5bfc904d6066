// rnn-conformance: dispatches to one module per command.
import { classify, EXIT, UsageError } from './exit-codes.js';

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  check: { summary: 'fuzz N cases against real torch; exit 0 conforms, 1 divergence', load: async () => (await import('./check.js')).check },
  forward: { summary: 'run the engine alone on safetensors files', load: async () => (await import('./forward.js')).forward },
  backward: { summary: "the engine's forward and backward (gradients) on safetensors files", load: async () => (await import('./backward.js')).backward },
  replay: { summary: 'run a saved case file on the engine and on torch, print the verdict', load: async () => (await import('./replay.js')).replay },
  explain: { summary: 'where and why engine and torch part on a case file: per layer/direction/step, chart', load: async () => (await import('./explain.js')).explain },
  golden: { summary: 'regen | verify | check the golden fixtures (check needs no Python)', load: async () => (await import('./golden.js')).golden },
  init: { summary: 'weights identical to torch.manual_seed(N); nn.RNN(**config)', load: async () => (await import('./init.js')).init },
};

export const USAGE = `usage: rnn-conformance <command> [options]

commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`)
  .join('\n')}
  help      this text

exit codes: 0 conforms, 1 divergence found, 2 bad usage or bad input file, 3 environment (no Python, no torch, sidecar dead)`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return name === undefined ? EXIT.badInput : EXIT.conforms;
  }
  try {
    const entry = commands[name];
    if (!entry) throw new UsageError(`unknown command '${name}'`);
    return await (await entry.load())(rest);
  } catch (err) {
    const { code, text } = classify(err);
    process.stderr.write(`${text}\n`);
    return code;
  }
}
