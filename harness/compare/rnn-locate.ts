// Where an element of an RNN's result lives: an index of `output` or `h_n` turned into the
// timestep, batch, layer, direction and hidden unit it belongs to (shapes as torch returns them).

/** The parts of an RNN configuration that decide the layout (engine's RNNConfig fits). */
export interface RNNLayout {
  hiddenSize: number;
  numLayers: number;
  bidirectional: boolean;
  batchFirst: boolean;
  inputSize?: number;
}

export interface Slot {
  layer: number;
  direction: 'forward' | 'reverse';
  /** Absent for an unbatched input. */
  batch?: number;
  unit: number;
  /** Output only: the timestep (h_n holds each direction's final state). */
  t?: number;
}

function at(index: readonly number[], k: number): number {
  const v = index[k];
  if (v === undefined) throw new Error(`index ${JSON.stringify(index)} has no dimension ${k}`);
  return v;
}

/** output is (T, N, D*H), (N, T, D*H) when batch_first, (T, D*H) unbatched; it is the last layer's. */
export function outputSlot(cfg: RNNLayout, unbatched: boolean, index: readonly number[]): Slot {
  const k = at(index, unbatched ? 1 : 2);
  const t = at(index, unbatched || !cfg.batchFirst ? 0 : 1);
  const batch = unbatched ? undefined : at(index, cfg.batchFirst ? 0 : 1);
  const direction = Math.floor(k / cfg.hiddenSize) === 0 ? 'forward' : 'reverse';
  return { layer: cfg.numLayers - 1, direction, batch, unit: k % cfg.hiddenSize, t };
}

/** h_n is (L*D, N, H), (L*D, H) unbatched, never batch-first; row l*D + d. */
export function hNSlot(cfg: RNNLayout, unbatched: boolean, index: readonly number[]): Slot {
  const D = cfg.bidirectional ? 2 : 1;
  const row = at(index, 0);
  return {
    layer: Math.floor(row / D),
    direction: row % D === 0 ? 'forward' : 'reverse',
    batch: unbatched ? undefined : at(index, 1),
    unit: at(index, unbatched ? 1 : 2),
  };
}

function batchPart(s: Slot): string {
  return s.batch === undefined ? '' : `batch ${s.batch}, `;
}

/** "t=3, batch 1, direction reverse, unit 2 (layer 1, the last)" */
export function locateOutput(cfg: RNNLayout, unbatched: boolean, index: readonly number[]): string {
  const s = outputSlot(cfg, unbatched, index);
  return `t=${s.t ?? 0}, ${batchPart(s)}direction ${s.direction}, unit ${s.unit} (layer ${s.layer}, the last)`;
}

/** "layer 1, direction forward, batch 0, unit 2" */
export function locateHN(cfg: RNNLayout, unbatched: boolean, index: readonly number[]): string {
  const s = hNSlot(cfg, unbatched, index);
  const batch = s.batch === undefined ? '' : `, batch ${s.batch}`;
  return `layer ${s.layer}, direction ${s.direction}${batch}, unit ${s.unit}`;
}

/** The input (and its gradient) is (T, N, I), (N, T, I) batch_first, (T, I) unbatched: "t=3, batch 1, feature 2". */
export function locateInput(cfg: RNNLayout, unbatched: boolean, index: readonly number[]): string {
  const t = at(index, unbatched || !cfg.batchFirst ? 0 : 1);
  const batch = unbatched ? '' : `batch ${at(index, cfg.batchFirst ? 0 : 1)}, `;
  return `t=${t}, ${batch}feature ${at(index, unbatched ? 1 : 2)}`;
}
