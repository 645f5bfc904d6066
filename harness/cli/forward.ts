// rnn-conformance forward: the engine alone, on the project's file formats. Checked in torch's order:
// the config (nn.RNN(**C)), then the weights (load_state_dict), then the input (forward).
import { Generator, defaultGenerator } from '../../engine/random.js';
import { RNN } from '../../engine/rnn.js';
import { parseConfigFile, readInputFile, readStateDictFile, writeOutputFile } from '../files/index.js';
import { intFlag, parseFlags, required } from './args.js';
import { EXIT } from './exit-codes.js';

const USAGE = 'usage: rnn-conformance forward --config C.json --weights W.safetensors --input X.safetensors --out Y.safetensors [--train] [--seed N]';

export async function forward(args: string[]): Promise<number> {
  const { values } = parseFlags(
    args,
    { config: { type: 'string' }, weights: { type: 'string' }, input: { type: 'string' }, out: { type: 'string' }, train: { type: 'boolean' }, seed: { type: 'string' } },
    USAGE,
  );
  const configPath = required(values.config, '--config', USAGE);
  const weightsPath = required(values.weights, '--weights', USAGE);
  const inputPath = required(values.input, '--input', USAGE);
  const outPath = required(values.out, '--out', USAGE);
  const seed = intFlag(values.seed, '--seed', USAGE);
  // Same sequence as torch: manual_seed(N); nn.RNN(**C) draws the init; dropout draws continue after it.
  const generator = seed === undefined ? defaultGenerator : new Generator(seed);
  const rnn = RNN.fromTorchConfig(parseConfigFile(configPath), { generator });
  for (const w of rnn.warnings) process.stderr.write(`UserWarning: ${w}\n`);
  rnn.loadStateDict(readStateDictFile(weightsPath, rnn.config.dtype));
  rnn.train(values.train === true);
  const { input, hx } = readInputFile(inputPath, rnn.config.dtype);
  const [output, hN] = rnn.forward(input, hx ?? null, { generator });
  writeOutputFile(outPath, { output, h_n: hN });
  return EXIT.conforms;
}
