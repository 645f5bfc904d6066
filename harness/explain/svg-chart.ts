// Error against timestep, one panel per layer and direction: log scale in tolerances (1 = the
// tolerance line), the free-running engine, its teacher-forced step, and both sides against the oracle.
// Plain SVG 1.1, no scripts or external resources, so any browser or viewer renders it.
import { xmlAttr } from '../files/xml.js';
import { slotName } from './engine-steps.js';
import type { Explanation, SlotReport } from './explain.js';
import type { StepError } from './stats.js';

const W = 920;
const PANEL_H = 170;
const TOP = 78;
const LEFT = 70;
const RIGHT = 220;
const GAP = 46;
const FLOOR = 1e-4;

export const SERIES = [
  { key: 'free', label: 'engine, free running', color: '#1f5fbf', dash: '', width: 2 },
  { key: 'local', label: 'engine step from torch state', color: '#e07b00', dash: '5 3', width: 2 },
  { key: 'engineVsOracle', label: 'engine vs oracle', color: '#2a9d4b', dash: '1 3', width: 1.5 },
  { key: 'torchVsOracle', label: 'torch vs oracle', color: '#7a3db8', dash: '1 3', width: 1.5 },
] as const;

const esc = xmlAttr; // text and attribute values alike

function fmt(x: number): string {
  return Number.isFinite(x) ? String(Math.round(x * 10) / 10) : '0';
}

function series(r: SlotReport, key: (typeof SERIES)[number]['key']): StepError[] | undefined {
  return r[key];
}

function decadeLabel(p: number): string {
  return p === 0 ? '1' : `1e${p}`;
}

/** Up to `lines` lines of at most `width` characters, broken at spaces; the last one cut with '...'. */
function wrap(text: string, width: number, lines: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest && out.length < lines) {
    if (rest.length <= width) {
      out.push(rest);
      break;
    }
    const cut = out.length === lines - 1 ? -1 : rest.lastIndexOf(' ', width);
    if (cut <= 0) {
      out.push(`${rest.slice(0, width - 3)}...`);
      break;
    }
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut + 1);
  }
  return out;
}

/** The chart as an SVG document. */
export function svgChart(e: Explanation): string {
  const slots = e.slots;
  const height = TOP + Math.max(1, slots.length) * (PANEL_H + GAP) + 10;
  const all = slots.flatMap((r) => SERIES.flatMap((s) => (series(r, s.key) ?? []).map((x) => x.inTol)));
  const top = Math.max(100, ...all.filter((v) => Number.isFinite(v)));
  const hiP = Math.ceil(Math.log10(top));
  const loP = Math.log10(FLOOR);
  const pw = W - LEFT - RIGHT;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">`);
  out.push(`<rect x="0" y="0" width="${W}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${LEFT}" y="22" font-size="15" font-weight="bold">${esc(`case ${e.caseId} (${e.dtype}): error against timestep`)}</text>`);
  wrap(e.verdict.line, 120, 2).forEach((l, i) => out.push(`<text x="${LEFT}" y="${42 + i * 15}" font-size="12" fill="#333333">${esc(l)}</text>`));
  slots.forEach((r, k) => {
    const y0 = TOP + k * (PANEL_H + GAP);
    const T = r.free.length;
    const xOf = (t: number) => LEFT + (T <= 1 ? pw / 2 : (t / (T - 1)) * pw);
    const yOf = (v: number) => {
      const l = Math.log10(Math.max(FLOOR, Number.isFinite(v) ? v : 10 ** hiP));
      return y0 + PANEL_H - ((Math.min(l, hiP) - loP) / (hiP - loP)) * PANEL_H;
    };
    out.push(`<g class="panel" data-slot="${esc(slotName(r))}">`);
    out.push(`<rect x="${LEFT}" y="${y0}" width="${pw}" height="${PANEL_H}" fill="#fafafa" stroke="#999999"/>`);
    out.push(`<text x="${LEFT + 6}" y="${y0 + 15}" font-weight="bold">${esc(slotName(r))}</text>`);
    for (let p = Math.ceil(loP); p <= hiP; p++) {
      const y = yOf(10 ** p);
      out.push(`<line x1="${LEFT - 4}" y1="${fmt(y)}" x2="${LEFT + pw}" y2="${fmt(y)}" stroke="#e4e4e4"/>`);
      out.push(`<text x="${LEFT - 7}" y="${fmt(y + 4)}" text-anchor="end" font-size="10">${decadeLabel(p)}</text>`);
    }
    const ticks = Math.min(T, 8);
    for (let i = 0; i < ticks; i++) {
      const t = ticks <= 1 ? 0 : Math.round((i / (ticks - 1)) * (T - 1));
      out.push(`<text x="${fmt(xOf(t))}" y="${y0 + PANEL_H + 14}" text-anchor="middle" font-size="10">${t}</text>`);
    }
    out.push(`<text x="${LEFT + pw / 2}" y="${y0 + PANEL_H + 30}" text-anchor="middle" font-size="11">timestep t</text>`);
    out.push(`<text transform="translate(${LEFT - 44} ${y0 + PANEL_H / 2}) rotate(-90)" text-anchor="middle" font-size="11">error / tolerance</text>`);
    const tolY = yOf(1);
    out.push(`<line class="tolerance" x1="${LEFT}" y1="${fmt(tolY)}" x2="${LEFT + pw}" y2="${fmt(tolY)}" stroke="#d62728" stroke-width="1.5" stroke-dasharray="6 4"/>`);
    for (const s of SERIES) {
      const pts = series(r, s.key);
      if (!pts?.length) continue;
      const d = pts.map((p, i) => `${i ? 'L' : 'M'}${fmt(xOf(p.t))} ${fmt(yOf(p.inTol))}`).join(' ');
      out.push(`<path class="series" data-series="${s.key}" d="${d}" fill="none" stroke="${s.color}" stroke-width="${s.width}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
      if (pts.length === 1) out.push(`<circle cx="${fmt(xOf(0))}" cy="${fmt(yOf(pts[0]?.inTol ?? 0))}" r="3" fill="${s.color}"/>`);
    }
    const first = r.firstLocal ?? r.firstFree;
    if (first !== null) {
      out.push(`<line class="first" x1="${fmt(xOf(first))}" y1="${y0}" x2="${fmt(xOf(first))}" y2="${y0 + PANEL_H}" stroke="#d62728" stroke-width="1" stroke-dasharray="2 2"/>`);
      const right = xOf(first) < LEFT + pw - 150;
      out.push(`<text x="${fmt(xOf(first) + (right ? 4 : -4))}" y="${y0 + 28}" font-size="10" fill="#d62728"${right ? '' : ' text-anchor="end"'}>${esc(`${r.firstLocal !== null ? 'wrong step' : 'past tolerance'} at t=${first}`)}</text>`);
    }
    out.push('</g>');
  });
  // Legend, right of the first panel.
  const lx = W - RIGHT + 14;
  out.push('<g class="legend">');
  const rows = [...SERIES.map((s) => ({ label: s.label, color: s.color, dash: s.dash, width: s.width })), { label: 'tolerance (1)', color: '#d62728', dash: '6 4', width: 1.5 }];
  rows.forEach((s, i) => {
    const y = TOP + 12 + i * 20;
    out.push(`<line x1="${lx}" y1="${y}" x2="${lx + 26}" y2="${y}" stroke="${s.color}" stroke-width="${s.width}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    out.push(`<text x="${lx + 32}" y="${y + 4}" font-size="11">${esc(s.label)}</text>`);
  });
  const note = ['error in tolerances:', '|a - e| / (atol + rtol·|e|),', `atol ${e.tolerance.atol}, rtol ${e.tolerance.rtol}`, 'e: torch (oracle for the', 'oracle lines); 0 drawn at 1e-4'];
  note.forEach((l, i) => out.push(`<text x="${lx}" y="${TOP + 16 + rows.length * 20 + i * 14}" font-size="10" fill="#555555">${esc(l)}</text>`));
  out.push('</g>');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
