// The same consumer in TypeScript, compiled by the app's tsc (strict, skipLibCheck off) against the
// package's emitted .d.ts: node out/consume.js OUT.safetensors
import { readFileSync, writeFileSync } from 'node:fs';
import { RNN, decodeInputFile, decodeOutputFile, decodeStateDict, encodeOutputFile, type DType, type Tensor, type TorchRNNConfig } from 'rnn-conformance';
import { compareTensors, type TensorVerdict } from 'rnn-conformance/compare';

const config = JSON.parse(readFileSync('config.json', 'utf8')) as TorchRNNConfig;
const rnn: RNN = RNN.fromTorchConfig(config);
const dtype: DType = rnn.config.dtype;
rnn.loadStateDict(decodeStateDict(readFileSync('weights.safetensors'), dtype));
rnn.eval();
const { input, hx } = decodeInputFile(readFileSync('input.safetensors'), dtype);
const [output, hN]: [Tensor, Tensor] = rnn.forward(input, hx ?? null); // padded input: a Tensor, not a PackedSequence
export const typesAreReal = (): unknown =>
  // @ts-expect-error: the types are real, not `any`: forward takes a Tensor or a PackedSequence
  rnn.forward('not a tensor');
const torch = decodeOutputFile(readFileSync('torch.safetensors'), dtype);
writeFileSync(process.argv[2] as string, encodeOutputFile({ output, h_n: hN }));
const verdicts: TensorVerdict[] = [compareTensors(output, torch.output, { name: 'output' }), compareTensors(hN, torch.h_n, { name: 'h_n' })];
console.log(JSON.stringify({ repr: String(rnn), conforms: verdicts.every((v) => v.ok), messages: verdicts.map((v) => v.message) }));
