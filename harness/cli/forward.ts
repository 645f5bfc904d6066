// rnn-conformance forward: the engine alone, on the project's file formats. Checked in torch's order:
// the config (nn.RNN(**C)), then the weights (load_state_dict), then the input (forward). With
// `lengths` in the input file it runs torch's variable-length recipe: pack_padded_sequence (with the
// config's batch_first and --enforce-sorted), the module, pad_packed_sequence (padding 0).
import { packPaddedSequence, padPackedSequence } from '../../engine/packed.js';
import { Generator, defaultGenerator } from '../../engine/random.js';
import { RNN } from '../../engine/rnn.js';
import { parseConfigFile, readInputFile, readStateDictFile, writeOutputFile } from '../files/index.js';
import { intFlag, parseFlags, required } from './args.js';
import { EXIT, UsageError } from './exit-codes.js';

const USAGE =
  'usage: rnn-conformance forward --config C.json --weights W.safetensors --input X.safetensors --out Y.safetensors [--train] [--seed N] [--enforce-sorted true|false]';

/** `rnn-conformance forward --help`. */
export const HELP = USAGE;

/**
 * The module as torch builds it from the files: nn.RNN(**C) (printing its warnings), load_state_dict(W),
 * train/eval. With a seed: manual_seed(N) first, so the init draws and dropout's continue after them.
 */
export function loadModule(configPath: string, weightsPath: string, train: boolean, seed: number | undefined): { rnn: RNN; generator: Generator } {
  const generator = seed === undefined ? defaultGenerator : new Generator(seed);
  const rnn = RNN.fromTorchConfig(parseConfigFile(configPath), { generator });
  for (const w of rnn.warnings) process.stderr.write(`UserWarning: ${w}\n`);
  rnn.loadStateDict(readStateDictFile(weightsPath, rnn.config.dtype));
  rnn.train(train);
  return { rnn, generator };
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
  const enforceSorted = boolFlag(values['enforce-sorted'], '--enforce-sorted');
  const { rnn, generator } = loadModule(configPath, weightsPath, values.train === true, intFlag(values.seed, '--seed', USAGE));
  const { input, hx, lengths } = readInputFile(inputPath, rnn.config.dtype);
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

function boolFlag(value: string | undefined, flag: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new UsageError(`${flag} must be true or false, got '${value}'\n${USAGE}`);
}
