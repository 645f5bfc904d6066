// The harness's file layer: every file the CLI reads is checked (BadInputError, exit 2) and every file
// it writes is replaced atomically.
export { BadInputError, UsageError } from './errors.js';
export { readFileLimited } from './read-file.js';
export { writeFileAtomic } from './write-atomic.js';
export { parseJsonBytes, readJsonFile } from './json-file.js';
export { parseConfigFile, rnnConfigSchema, RNN_CONFIG_KEYS } from './config-schema.js';
export {
  MAX_SAFETENSORS_BYTES, readInputFile, readOutputFile, readSafetensorsFile, readStateDictFile, readUpstreamGradFile, writeBackwardFile, writeOutputFile,
  writeStateDictFile,
} from './safetensors-file.js';
