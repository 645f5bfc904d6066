// Regenerates the editors' JSON Schema from the zod schema, in the working directory:
//   npx tsc -p tsconfig.build.json && node dist/harness/check/write-config-schema.js
import { writeFileAtomic } from '../files/index.js';
import { CONFIG_SCHEMA_FILE_NAME, configJsonSchemaText } from './config-file.js';

writeFileAtomic(CONFIG_SCHEMA_FILE_NAME, configJsonSchemaText());
process.stdout.write(`wrote ${CONFIG_SCHEMA_FILE_NAME}\n`);
