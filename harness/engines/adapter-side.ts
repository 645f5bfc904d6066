// An adapter's side of a case: what it does not claim is `unsupported`; the rest goes to its forward
// (in its worker) with torch's weights, and what comes back is checked before the comparator sees it.
// Config validation, warnings and the seeded init stay the builtin engine's (torch's twin, judged on
// its own): an adapter is judged on its forward.
import { isDType, lanes, type DType } from '../../engine/dtype.js';
import { TorchError } from '../../engine/errors.js';
import { Generator } from '../../engine/random.js';
import { RNN } from '../../engine/rnn.js';
import type { Tensor } from '../../engine/tensor.js';
import type { EngineResult } from './engine-side.js';
import type { ConformanceCase } from '../case/index.js';
import type { ForwardArgs } from './adapter.js';
import { missing } from './features.js';
import type { AdapterHost, CallOutcome } from './worker-host.js';

/** What the adapter did with a case: an engine result for the judge, or no verdict of torch's needed. */
export type AdapterOutcome = EngineResult | { kind: 'unsupported'; features: string[] } | { kind: 'fault'; message: string };

export function unsupported(host: AdapterHost, c: ConformanceCase): { kind: 'unsupported'; features: string[] } | null {
  const m = missing(host.info.capabilities, c);
  return m.length > 0 ? { kind: 'unsupported', features: m } : null;
}

export async function runAdapter(host: AdapterHost, c: ConformanceCase): Promise<AdapterOutcome> {
  const skip = unsupported(host, c);
  if (skip) return skip;
  const claims = host.info.capabilities.features;
  let rnn: RNN | null = null;
  let warnings: string[] = [];
  try {
    rnn = RNN.fromTorchConfig(c.config, { generator: new Generator(c.seed) });
    warnings = [...rnn.warnings];
    if (c.stateDict) warnings.push(...rnn.loadStateDict(c.stateDict));
  } catch (err) {
    if (!(err instanceof TorchError)) throw err;
    warnings = [...warnings, ...err.warnings];
    // torch refuses this config: only an adapter claiming torch's words sees it.
    if (!claims.includes('torch_refusals')) return { kind: 'unsupported', features: ['torch_refusals'] };
    rnn = null;
  }
  const seededByAdapter = c.stateDict === null && claims.includes('seeded_init');
  const args: ForwardArgs = { config: c.config, stateDict: c.stateDict ?? (seededByAdapter || !rnn ? null : rnn.stateDict()), input: c.input, hx: c.hx, train: c.train, seed: c.seed };
  return toEngineResult(host.info.name, await host.forward(args), { c, rnn, warnings, seededByAdapter });
}

const TYPE_NAME = /^([A-Za-z_][\w.]*): ([\s\S]*)$/;

function toEngineResult(name: string, o: CallOutcome, ctx: { c: ConformanceCase; rnn: RNN | null; warnings: string[]; seededByAdapter: boolean }): AdapterOutcome {
  const who = `engine '${name}'`;
  if (o.kind === 'fault') return { kind: 'fault', message: `${who} failed: ${o.message}` };
  if (o.kind === 'threw') {
    const m = TYPE_NAME.exec(o.text);
    const [type, message] = m ? [m[1] as string, m[2] as string] : /^\w+$/.test(o.name) && o.name !== 'Error' ? [o.name, o.text] : [null, o.text];
    if (type === null) return { kind: 'fault', message: `${who} threw an error not in the form 'TypeName: message': ${JSON.stringify(o.text)}` };
    return { kind: 'refused', stage: 'forward', type, message, warnings: ctx.warnings };
  }
  const v = o.value as { output?: unknown; h_n?: unknown; stateDict?: unknown } | null;
  if (v === null || typeof v !== 'object') return { kind: 'fault', message: `${who} returned ${JSON.stringify(v)} instead of { output, h_n }` };
  const output = checkTensor(v.output, 'output');
  const hN = checkTensor(v.h_n, 'h_n');
  for (const t of [output, hN]) if (typeof t === 'string') return { kind: 'fault', message: `${who} returned a malformed ${t}` };
  let stateDict: Record<string, Tensor> = {};
  if (ctx.c.stateDict === null) {
    if (!ctx.seededByAdapter && ctx.rnn) stateDict = ctx.rnn.stateDict();
    else if (v.stateDict && typeof v.stateDict === 'object') {
      for (const [k, t] of Object.entries(v.stateDict)) {
        const ok = checkTensor(t, `stateDict.${k}`);
        if (typeof ok === 'string') return { kind: 'fault', message: `${who} returned a malformed ${ok}` };
        stateDict[k] = ok;
      }
    } else stateDict = ctx.rnn?.stateDict() ?? {};
  }
  if (!ctx.rnn) return { kind: 'fault', message: `${who} accepted a config torch refuses (${JSON.stringify(ctx.c.config)})` };
  ctx.rnn.train(ctx.c.train);
  return { kind: 'ok', output: output as Tensor, hN: hN as Tensor, stateDict, warnings: ctx.warnings, rnn: ctx.rnn };
}

/** The tensor, or what is wrong with it (named by `what`), in words an adapter author can act on. */
function checkTensor(t: unknown, what: string): Tensor | string {
  if (t === null || typeof t !== 'object') return `${what}: expected { dtype, shape, data }, got ${t === null ? 'null' : typeof t}`;
  const { dtype, shape, data } = t as { dtype?: unknown; shape?: unknown; data?: unknown };
  if (!isDType(dtype)) return `${what}: dtype ${JSON.stringify(dtype)} is not one of the six`;
  if (!Array.isArray(shape) || !shape.every((s) => Number.isInteger(s) && (s as number) >= 0)) return `${what}: shape ${JSON.stringify(shape)} is not a list of sizes`;
  const wide = dtype === 'float64' || dtype === 'complex128';
  if (!(wide ? data instanceof Float64Array : data instanceof Float32Array)) return `${what}: ${dtype} data must be a ${wide ? 'Float64Array' : 'Float32Array'}, got ${describe(data)}`;
  const want = (shape as number[]).reduce((a, b) => a * b, 1) * lanes(dtype as DType);
  if ((data as Float32Array).length !== want) return `${what}: shape [${(shape as number[]).join(', ')}] of ${dtype} needs ${want} values, data has ${(data as Float32Array).length}`;
  return { dtype, shape: shape as number[], data: data as Float32Array | Float64Array };
}

function describe(x: unknown): string {
  return x === null ? 'null' : typeof x === 'object' ? ((x as object).constructor?.name ?? 'object') : typeof x;
}
