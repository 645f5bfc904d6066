// The terminal side of explain: a table per layer and direction, a compact chart of error against
// timestep (one character per step or bucket of steps), the oracle's word, and the verdict line last.
import { slotName } from './engine-steps.js';
import type { Explanation, SlotReport } from './explain.js';
import { sparkline, WIDTH } from './sparkline.js';
import { maxOf } from './stats.js';
import { short } from './verdict.js';

function first(t: number | null): string {
  return t === null ? '-' : `t=${t}`;
}

function table(slots: readonly SlotReport[]): string[] {
  const head = ['', 'max abs', 'max ULP', 'past tol', 'step ULP*', 'step past', 'growth'];
  const rows = slots.map((r) => [
    slotName(r),
    short(maxOf(r.free, (e) => e.maxAbs)),
    short(maxOf(r.free, (e) => e.maxUlp)),
    first(r.firstFree),
    short(maxOf(r.local, (e) => e.scaledUlp)),
    first(r.firstLocal),
    short(r.growth.factor),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [`${''.padEnd(widths[0] ?? 0)}  free running (engine chain vs torch)  teacher-forced step`, line(head), ...rows.map(line), '* ULPs of the step\'s largest value; growth: how much the recurrence amplifies an error to the end'];
}

export function textReport(e: Explanation, torchVersion?: string): string {
  const c = e.config;
  const T = e.slots[0]?.free.length;
  const what = c
    ? `${c.dtype}, ${c.numLayers} layer${c.numLayers > 1 ? 's' : ''}${c.bidirectional ? ', bidirectional' : ''}, ${c.nonlinearity}, H=${c.hiddenSize}${T !== undefined ? `, T=${T}` : ''}`
    : e.dtype;
  const lines: string[] = [`case ${e.caseId} (${what})${torchVersion ? ` against torch ${torchVersion}` : ''}`];
  const cmp = e.comparator;
  lines.push(`comparator: ${cmp.status.toUpperCase()}${cmp.amplified ? ' (amplified rounding, by the oracle)' : ''}`);
  if (cmp.message) lines.push(...cmp.message.split('\n').map((l) => `  ${l}`));
  if (e.chain) lines.push(e.chain.exact ? "torch's single-layer chain reproduces its full module bit for bit" : "torch's single-layer chain does NOT reproduce its full module exactly");
  for (const n of e.notes) lines.push(`note: ${n}`);
  if (e.kindLines) lines.push('', ...e.kindLines);
  if (e.slots.length) {
    lines.push('', ...table(e.slots), '');
    lines.push(`error against timestep, in tolerances (· exact, ▁ <1e-3 … ▄ <1, ▅ ≥1 past tolerance … █ ≥1e3)${(T ?? 0) > WIDTH ? `; ${WIDTH} columns, worst of each bucket` : ''}`);
    const pad = Math.max(...e.slots.map((r) => slotName(r).length));
    for (const r of e.slots) {
      lines.push(`${slotName(r).padEnd(pad)}  free  ${sparkline(r.free)}`);
      lines.push(`${''.padEnd(pad)}  step  ${sparkline(r.local)}`);
      if (r.torchVsOracle) lines.push(`${''.padEnd(pad)}  torch ${sparkline(r.torchVsOracle)}  (vs oracle)`);
    }
    const withO = e.slots.filter((r) => r.engineVsOracle && r.torchVsOracle);
    if (withO.length) {
      let eng = 0;
      let tor = 0;
      for (const r of withO) {
        (r.engineVsOracle ?? []).forEach((x, t) => {
          const y = r.torchVsOracle?.[t]?.inTol ?? 0;
          if (x.inTol < y) eng++;
          else if (y < x.inTol) tor++;
        });
      }
      const eE = maxOf(withO.flatMap((r) => r.engineVsOracle ?? []), (x) => x.inTol);
      const eT = maxOf(withO.flatMap((r) => r.torchVsOracle ?? []), (x) => x.inTol);
      lines.push(`oracle (${e.oracleKind ?? '?'}): engine closer at ${eng} steps, torch closer at ${tor}; worst distance engine ${short(eE)}, torch ${short(eT)} tolerances`);
    }
  }
  lines.push('', `verdict: ${e.verdict.line}`);
  return `${lines.join('\n')}\n`;
}
