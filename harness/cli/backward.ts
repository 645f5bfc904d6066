// rnn-conformance backward: the engine's forward and backward alone, on the project's file formats.
// Checked in torch's order: the config (nn.RNN(**C)), the weights (load_state_dict), the input and
// the upstream gradients (files), the forward, then torch.autograd.backward's checks.
import { backwardPadded } from '../../engine/packed-backward.js';
import { packPaddedSequence, padPackedSequence } from '../../engine/packed.js';
import { readInputFile, readUpstreamGradFile, writeBackwardFile } from '../files/index.js';
import { intFlag, parseFlags, required } from './args.js';
import { EXIT, UsageError } from './exit-codes.js';
import { boolFlag, forwardGenerator, loadModule } from './forward.js';

const USAGE =
  'usage: rnn-conformance backward --config C.json --weights W.safetensors --input X.safetensors --grad G.safetensors --out Y.safetensors [--train] [--seed N] [--enforce-sorted true|false]';

/** `rnn-conformance backward --help`. */
export const HELP = `${USAGE}

Runs the engine's forward and backward, as this torch code does (--seed as for forward):
  rnn = nn.RNN(**C); rnn.load_state_dict(W)
  torch.manual_seed(N)                            # --seed N: the forward pass's dropout draws only
  rnn.train() if --train else rnn.eval()
  output, h_n = rnn(X['input'], X.get('hx'))
  torch.autograd.backward([output, h_n], [G['output'], G.get('h_n', zeros)])

  X  input (and optional hx), the dtypes torch would see (a mismatch is torch's refusal); with
     lengths (int64, 1-D) the padded input is packed as forward packs it (--enforce-sorted, default
     true), the output padded back, and the gradients are those of the padded input and output:
       packed = pack_padded_sequence(X['input'], X['lengths'], batch_first=C's, enforce_sorted=...)
       output, h_n = rnn(packed, X.get('hx')); output = pad_packed_sequence(output, batch_first=C's)[0]
--train without --seed draws a seed and prints it on stderr (reproduce with --seed N).

  G  output (and optional h_n): the upstream gradients; a real gradient of another real dtype is
     cast as torch casts it, a complex/real mix or another shape is refused in torch's words
  Y  output, h_n, grad.input, grad.hx (when X has hx) and grad.<parameter> for every parameter

exit codes: 0 done, 1 torch would refuse (printed as TypeName: message), 2 bad usage or bad file`;

export async function backward(args: string[]): Promise<number> {
  const { values } = parseFlags(
    args,
    {
      config: { type: 'string' }, weights: { type: 'string' }, input: { type: 'string' }, grad: { type: 'string' },
      out: { type: 'string' }, train: { type: 'boolean' }, seed: { type: 'string' }, 'enforce-sorted': { type: 'string' },
    },
    USAGE,
  );
  const configPath = required(values.config, '--config', USAGE);
  const weightsPath = required(values.weights, '--weights', USAGE);
  const inputPath = required(values.input, '--input', USAGE);
  const gradPath = required(values.grad, '--grad', USAGE);
  const outPath = required(values.out, '--out', USAGE);
  const enforceSorted = boolFlag(values['enforce-sorted'], '--enforce-sorted', USAGE);
  const seed = intFlag(values.seed, '--seed', USAGE);
  const rnn = loadModule(configPath, weightsPath, values.train === true);
  const { input, hx, lengths } = readInputFile(inputPath, rnn.config.dtype);
  if (!lengths && enforceSorted !== undefined) throw new UsageError(`--enforce-sorted packs by \`lengths\`, which ${inputPath} does not hold\n${USAGE}`);
  const up = readUpstreamGradFile(gradPath, rnn.config.dtype);
  const generator = forwardGenerator(values.train === true, seed, 'backward');
  if (lengths) {
    const batchFirst = rnn.config.batchFirst;
    const packed = packPaddedSequence(input, lengths, { batchFirst, enforceSorted: enforceSorted ?? true, requiresGrad: true });
    const tape = rnn.tape(packed, hx ?? null, { generator });
    const [output] = padPackedSequence(tape.output, { batchFirst });
    const grads = backwardPadded(tape, { input, output, batchFirst }, up.output, up.h_n ?? null);
    writeBackwardFile(outPath, { output, h_n: tape.hN }, grads);
    return EXIT.conforms;
  }
  const tape = rnn.tape(input, hx ?? null, { generator });
  const grads = tape.backward(up.output, up.h_n ?? null);
  writeBackwardFile(outPath, { output: tape.output, h_n: tape.hN }, grads);
  return EXIT.conforms;
}
