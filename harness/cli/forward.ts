// rnn-conformance forward: the engine alone, on the project's file formats. Checked in torch's order:
// the config (nn.RNN(**C)), then the weights (load_state_dict), then the input (forward). With
// `lengths` in the input file it runs torch's variable-length recipe: pack_padded_sequence (with the
// config's batch_first and --enforce-sorted), the module, pad_packed_sequence (padding 0).
import { packPaddedSequence, padPackedSequence } from '../../engine/packed.js';
import { Generator } from '../../engine/random.js';
import { RNN } from '../../engine/rnn.js';
import { parseConfigFile, readInputFile, readStateDictFile, writeOutputFile } from '../files/index.js';
import { intFlag, parseFlags, required } from './args.js';
import { EXIT, UsageError } from './exit-codes.js';

const USAGE =
  'usage: rnn-conformance forward --config C.json --weights W.safetensors --input X.safetensors --out Y.safetensors [--train] [--seed N] [--enforce-sorted true|false]';

/** `rnn-conformance forward --help`. */
export const HELP = `${USAGE}

Runs the engine as this torch code runs the module (the config's keys are nn.RNN's keyword names):
  rnn = nn.RNN(**C)
  rnn.load_state_dict(safetensors.torch.load_file(W))
  torch.manual_seed(N)                  # --seed N: the forward pass's dropout draws only
  rnn.train() if --train else rnn.eval()
  output, h_n = rnn(X['input'], X.get('hx'))
--train without --seed draws a seed and prints it on stderr (reproduce with --seed N).

  X  input (and optional hx); with lengths (int64, 1-D) the padded input is packed
     (pack_padded_sequence with the config's batch_first and --enforce-sorted, default true),
     run, and the output padded back with pad_packed_sequence (padding 0)
  Y  output and h_n

exit codes: 0 done, 1 torch would refuse (printed as TypeName: message), 2 bad usage or bad file`;

/**
 * The module as torch builds it from the files: nn.RNN(**C) (printing its warnings), load_state_dict(W),
 * train/eval. Its init is skipped: load_state_dict replaces every parameter, and the forward pass's
 * dropout draws come from their own seed (forwardGenerator), not from where the init left a generator.
 */
export function loadModule(configPath: string, weightsPath: string, train: boolean): RNN {
  const rnn = RNN.fromTorchConfig(parseConfigFile(configPath), { reset: false });
  for (const w of rnn.warnings) process.stderr.write(`UserWarning: ${w}\n`);
  rnn.loadStateDict(readStateDictFile(weightsPath, rnn.config.dtype));
  rnn.train(train);
  return rnn;
}

/**
 * `--seed N`: torch.manual_seed(N) right before the forward pass, as in
 *   model.load_state_dict(W); torch.manual_seed(N); model.train(); model(x)
 * `--train` without `--seed` draws a seed (as a fresh torch process is randomly seeded) and prints it,
 * so the run can be reproduced.
 */
export function forwardGenerator(train: boolean, seed: number | undefined, command: string): Generator {
  if (seed !== undefined || !train) return new Generator(seed ?? 0);
  const drawn = Math.floor(Math.random() * 2 ** 32);
  process.stderr.write(`${command} --train without --seed: seed ${drawn} drawn (torch.manual_seed(${drawn}) before the forward pass); reproduce with --seed ${drawn}\n`);
  return new Generator(drawn);
}

export async function forward(args: string[]): Promise<number> {
  const { values } = parseFlags(
    args,
    { config: { type: 'string' }, weights: { type: 'string' }, input: { type: 'string' }, out: { type: 'string' }, train: { type: 'boolean' }, seed: { type: 'string' }, 'enforce-sorted': { type: 'string' } },
    USAGE,
  );
  const configPath = required(values.config, '--config', USAGE);
  const weightsPath = required(values.weights, '--weights', USAGE);
  const inputPath = required(values.input, '--input', USAGE);
  const outPath = required(values.out, '--out', USAGE);
  const enforceSorted = boolFlag(values['enforce-sorted'], '--enforce-sorted', USAGE);
  const seed = intFlag(values.seed, '--seed', USAGE);
  const rnn = loadModule(configPath, weightsPath, values.train === true);
  const { input, hx, lengths } = readInputFile(inputPath, rnn.config.dtype);
  const generator = forwardGenerator(values.train === true, seed, 'forward');
  if (!lengths) {
    if (enforceSorted !== undefined) throw new UsageError(`--enforce-sorted packs by \`lengths\`, which ${inputPath} does not hold\n${USAGE}`);
    const [output, hN] = rnn.forward(input, hx ?? null, { generator });
    writeOutputFile(outPath, { output, h_n: hN });
    return EXIT.conforms;
  }
  const batchFirst = rnn.config.batchFirst;
  const packed = packPaddedSequence(input, lengths, { batchFirst, enforceSorted: enforceSorted ?? true });
  const [out, hN] = rnn.forward(packed, hx ?? null, { generator });
  const [output] = padPackedSequence(out, { batchFirst });
  writeOutputFile(outPath, { output, h_n: hN });
  return EXIT.conforms;
}

/** A `true|false` flag's value (undefined when absent). */
export function boolFlag(value: string | undefined, flag: string, usage: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new UsageError(`${flag} must be true or false, got '${value}'\n${usage}`);
}
