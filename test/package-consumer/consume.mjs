// A consumer of the installed package, in plain JavaScript: torch's files in, the engine's answer out,
// judged against torch's answer by the package's own comparator. Run from the consumer app's folder
// (test/package-tarball.test.ts copies it there): node consume.mjs OUT.safetensors
import { readFileSync, writeFileSync } from 'node:fs';
import { RNN, decodeInputFile, decodeOutputFile, decodeStateDict, encodeOutputFile } from 'rnn-conformance';
import { compareTensors } from 'rnn-conformance/compare';

const config = JSON.parse(readFileSync('config.json', 'utf8')); // nn.RNN's keyword arguments
const rnn = RNN.fromTorchConfig(config);
rnn.loadStateDict(decodeStateDict(readFileSync('weights.safetensors'), rnn.config.dtype)); // save_file(model.state_dict())
rnn.eval();
const { input, hx } = decodeInputFile(readFileSync('input.safetensors'), rnn.config.dtype);
const [output, hN] = rnn.forward(input, hx ?? null);
const torch = decodeOutputFile(readFileSync('torch.safetensors'), rnn.config.dtype);
writeFileSync(process.argv[2], encodeOutputFile({ output, h_n: hN }));
const verdicts = [compareTensors(output, torch.output, { name: 'output' }), compareTensors(hN, torch.h_n, { name: 'h_n' })];
console.log(JSON.stringify({ repr: String(rnn), conforms: verdicts.every((v) => v.ok), messages: verdicts.map((v) => v.message) }));
