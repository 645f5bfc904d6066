// rnn-conformance.config.json: the gate's settings kept in the repository. One zod schema validates the
// file (strict: an unknown key is an error naming it and the file) and generates the JSON Schema that
// editors use (rnn-conformance.config.schema.json, checked in, compared with this by a test).
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { DTYPES } from '../../engine/dtype.js';
import { readJsonFile } from '../files/index.js';

export const CONFIG_FILE_NAME = 'rnn-conformance.config.json';
export const CONFIG_SCHEMA_FILE_NAME = 'rnn-conformance.config.schema.json';

const tolerance = z
  .strictObject({
    rtol: z.number().min(0).optional().describe('relative tolerance (torch.testing.assert_close rtol)'),
    atol: z.number().min(0).optional().describe('absolute tolerance (torch.testing.assert_close atol)'),
  })
  .describe("replaces torch.testing.assert_close's default for this dtype; a missing field keeps the default");

const quarantineEntry = z
  .strictObject({
    id: z.string().regex(/^-?\d+:\d+$/, 'a case id is SEED:INDEX, as printed by check (e.g. "1:25")').optional().describe('case id SEED:INDEX: this case of this seed'),
    index: z.number().int().min(0).optional().describe('case index: this case of whatever seed the run uses'),
    reason: z.string().trim().min(1, 'a quarantined case needs a reason').describe('why the failure is tolerated (an issue link, a torch bug); printed with every quarantined failure'),
  })
  .refine((q) => (q.id === undefined) !== (q.index === undefined), { message: 'give exactly one of "id" or "index"' })
  .describe('a case whose failure is reported but does not fail the run');

export const gateConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe('path or URL of this JSON Schema, for editors'),
    dtypes: z.array(z.enum(DTYPES)).min(1).optional().describe('dtypes to generate cases in (default: all six); --dtypes overrides'),
    cases: z.number().int().min(1).optional().describe('cases per run, before sharding (default 500); --cases overrides'),
    seed: z.number().int().min(-(2 ** 31)).max(2 ** 32 - 1).optional().describe('run seed (default: random, printed); --seed overrides'),
    workers: z.number().int().min(1).max(64).optional().describe('torch sidecar processes (default: CPU count); --workers overrides'),
    tolerances: z.strictObject(Object.fromEntries(DTYPES.map((d) => [d, tolerance.optional()])) as Record<(typeof DTYPES)[number], z.ZodOptional<typeof tolerance>>).optional().describe('per-dtype tolerance overrides'),
    quarantine: z.array(quarantineEntry).optional().describe('known failures: reported everywhere, excluded from the exit code'),
    engine: z.string().min(1).optional().describe('the implementation under the gate: builtin (default), builtin-fast, onnxruntime, tfjs, or the path of an adapter module (relative to this file); --engine overrides'),
    report: z.string().min(1).optional().describe('report directory (shrunk case files, failing.json), relative to this file; --report overrides'),
  })
  .meta({ title: 'rnn-conformance check configuration', description: 'Settings for `rnn-conformance check`; command-line flags override them.' });

export type GateConfig = z.output<typeof gateConfigSchema>;
export type QuarantineEntry = NonNullable<GateConfig['quarantine']>[number];

export interface LoadedConfig {
  path: string;
  config: GateConfig;
}

/** The explicit file, else ./rnn-conformance.config.json if present, else none. Faults name the file (exit 2). */
export function loadGateConfig(explicitPath: string | undefined): LoadedConfig | null {
  const path = explicitPath ?? (existsSync(CONFIG_FILE_NAME) ? CONFIG_FILE_NAME : undefined);
  if (path === undefined) return null;
  const config = readJsonFile(path, gateConfigSchema, { maxBytes: 2 ** 20 });
  // Paths inside the file are relative to the file, as in tsconfig.json.
  if (config.report !== undefined) config.report = resolve(dirname(path), config.report);
  return { path, config };
}

/** The JSON Schema text checked in as rnn-conformance.config.schema.json. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(z.toJSONSchema(gateConfigSchema, { io: 'input' }), null, 2)}\n`;
}
