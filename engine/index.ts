// The engine's public API: torch.nn.RNN in pure TypeScript, its tensors, dtypes and errors.
export { RNN, type RNNOptions, type RNNInit } from './rnn.js';
export { initFast, fastBackend, type Precision, type BackendName } from './fast/index.js';
export { validateConfig, type RNNConfig, type TorchRNNConfig, type ConfigDisplay } from './config.js';
export { DTYPES, isDType, isComplex, type DType, type Storage } from './dtype.js';
export { tensor, zeros, numel, type Tensor } from './tensor.js';
export {
  packPaddedSequence, padPackedSequence, invertPermutation, isPackedSequence, type PackedSequence, type Lengths, type LengthsTensor,
} from './packed.js';
export { packSequence } from './pack-sequence.js';
export { TorchError, type TorchErrorType } from './errors.js';
export { roundF16, roundBF16 } from './half.js';
export { Generator, defaultGenerator, manualSeed } from './random.js';
export { Tape, type Gradients } from './tape.js';
export { backwardPadded, type PaddedBackward } from './packed-backward.js';
// torch's files: `save_file(model.state_dict())` and any safetensors file of tensors, bytes in and out.
export {
  decodeStateDict, encodeStateDict, decodeInputFile, encodeInputFile, decodeOutputFile, encodeOutputFile,
  decodeUpstreamGradFile, encodeUpstreamGradFile, encodeBackwardFile, fileDType,
  type DecodeOptions, type InputFile, type InputLengths, type OutputFile, type UpstreamGradFile,
} from './state-dict-file.js';
export {
  decodeSafetensors, encodeSafetensors, fromRaw, toRaw, int64FromRaw, int64ToRaw, safeDTypeOf, SafetensorsError,
  type RawTensor, type SafeDType, type Decoded,
} from './safetensors.js';
