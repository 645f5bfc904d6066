// rnn-conformance init: the weights of `torch.manual_seed(N); nn.RNN(**C)`, bit for bit, as safetensors.
import { Generator } from '../../engine/random.js';
import { RNN } from '../../engine/rnn.js';
import { parseConfigFile, writeStateDictFile } from '../files/index.js';
import { intFlag, parseFlags, required } from './args.js';
import { EXIT } from './exit-codes.js';

const USAGE = 'usage: rnn-conformance init --config C.json --seed N --out W.safetensors';

/** `rnn-conformance init --help`. */
export const HELP = `${USAGE}

Writes the weights this torch code makes, bit for bit (the config's keys are nn.RNN's keyword names):
  torch.manual_seed(N)
  rnn = nn.RNN(**C)
  safetensors.torch.save_file(rnn.state_dict(), W)

exit codes: 0 done, 1 torch would refuse the config (printed as TypeName: message), 2 bad usage or bad file`;

export async function init(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { config: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } }, USAGE);
  const configPath = required(values.config, '--config', USAGE);
  const seed = intFlag(required(values.seed, '--seed', USAGE), '--seed', USAGE) as number;
  const outPath = required(values.out, '--out', USAGE);
  const rnn = RNN.fromTorchConfig(parseConfigFile(configPath), { generator: new Generator(seed) });
  for (const w of rnn.warnings) process.stderr.write(`UserWarning: ${w}\n`);
  writeStateDictFile(outPath, rnn.stateDict());
  return EXIT.conforms;
}
