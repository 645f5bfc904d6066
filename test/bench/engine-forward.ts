// The engine half of the forward grid: the public RNN class in eval mode, one op = one forward per
// listed length (the same shapes python/bench_torch.py times), exact or fast.
import type { Precision } from '../../engine/fast/index.js';
import { RNN } from '../../engine/rnn.js';
import { Generator } from '../../engine/random.js';
import { zeros, type Tensor } from '../../engine/tensor.js';
import { mulberry32 } from '../../harness/gen/prng.js';
import { roundTo } from '../../harness/gen/materialize.js';
import type { GridRow } from './grid.js';
import { medianCall, type Timing } from './timing.js';

export function engineModule(row: GridRow, precision: Precision = 'exact'): { rnn: RNN; inputs: Tensor[] } {
  const rnn = new RNN({ inputSize: row.input_size, hiddenSize: row.hidden_size, dtype: row.dtype, precision }, { generator: new Generator(0) }).eval();
  const rand = mulberry32(1);
  const r = roundTo(row.dtype);
  const inputs = row.lengths.map((T) => {
    const x = zeros(row.dtype, [T, row.batch, row.input_size]);
    for (let i = 0; i < x.data.length; i++) x.data[i] = r(2 * rand() - 1);
    return x;
  });
  return { rnn, inputs };
}

export function timeEngineForward(row: GridRow, precision: Precision = 'exact'): Timing {
  const { rnn, inputs } = engineModule(row, precision);
  return medianCall(() => {
    for (const x of inputs) rnn.forward(x);
  }, row.repeats ?? 7);
}
