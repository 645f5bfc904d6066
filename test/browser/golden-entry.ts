// What the browser test bundles (test/browser-golden.test.ts): golden check's engine side, run in the
// page. It decodes each fixture and runs the engine exactly as `golden check` does (runEngine: seeded
// generator, nn.RNN(**config), load_state_dict, train/eval, [pack,] forward [, backward]), and hands back what the engine
// said: its tensors as safetensors bytes (base64: bit for bit, NaN payloads and all), its warnings, or
// its refusal. The judging happens in Node, with golden check's own rules.
import { encodeSafetensors, toRaw, type RawTensor } from '../../engine/safetensors.js';
import type { RefusalStage } from '../../harness/case/case.js';
import { decodeCaseFile } from '../../harness/case/file.js';
import { runEngine } from '../../harness/engines/engine-side.js';

export type BrowserOutcome =
  | { kind: 'ok'; tensors: string; stateKeys: string[]; gradKeys: string[]; warnings: string[] }
  | { kind: 'refused'; stage: RefusalStage; type: string; message: string; warnings: string[] }
  | { kind: 'threw'; error: string };

const fromBase64 = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** One fixture's engine side: `output`, `h_n`, for a gradient fixture `grad.<name>`, and for a seeded
 * init `state.<name>` in the bytes (safetensors sorts tensors, so the state dict's and the gradients'
 * orders travel as `stateKeys` and `gradKeys`). */
export function runFixture(fixtureBase64: string): BrowserOutcome {
  try {
    const { case: c } = decodeCaseFile(fromBase64(fixtureBase64));
    const r = runEngine(c);
    if (r.kind === 'refused') return { kind: 'refused', stage: r.stage, type: r.type, message: r.message, warnings: r.warnings };
    const tensors: [string, RawTensor][] = [['output', toRaw(r.output)], ['h_n', toRaw(r.hN)]];
    for (const [name, t] of Object.entries(r.grads ?? {})) tensors.push([`grad.${name}`, toRaw(t)]);
    for (const [name, t] of Object.entries(r.stateDict)) tensors.push([`state.${name}`, toRaw(t)]);
    return { kind: 'ok', tensors: toBase64(encodeSafetensors(tensors)), stateKeys: Object.keys(r.stateDict), gradKeys: Object.keys(r.grads ?? {}), warnings: r.warnings };
  } catch (err) {
    return { kind: 'threw', error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
}

/** Where the page finds it, and the proof that this is a browser: no Node globals in sight. */
export const environment = (): string => {
  const g = globalThis as { navigator?: { userAgent: string }; process?: unknown };
  return `${g.navigator?.userAgent ?? 'no navigator'}; process: ${typeof g.process}`;
};
