// forward.ts's own choices, engine only; the expected values were printed by torch 2.13 (Python 3.11,
// CPU AVX2) and are pasted here: test/rnn-vs-torch.test.ts is where the engine meets live torch.
import { describe, expect, it } from 'vitest';
import { RNN } from './rnn.js';
import { tensor } from './tensor.js';

describe('batch_first input with one step or one sequence is contiguous (addmm: the bias added before the 16-bit rounding)', () => {
  // torch.manual_seed(7); m = nn.RNN(2, 3, batch_first=True, dtype=torch.bfloat16)
  // x = (torch.rand(N, T, 2) * 4 - 2).to(torch.bfloat16); out, hn = m(x)   (torch 2.13)
  // A transposed view of more than one step and sequence goes through matmul then add_ (the product rounded
  // to bfloat16 first): here that would change 2 (N = 3, T = 1) and 3 (N = 1, T = 3) of the projections.
  const cases = [
    {
      N: 3, T: 1,
      sd: {
        weight_ih_l0: [0.040283203125, -0.34765625, 0.18359375, 0.181640625, -0.30859375, -0.08642578125],
        weight_hh_l0: [-0.337890625, 0.1494140625, -0.1552734375, 0.40625, 0.41015625, 0.058837890625, -0.24609375, -0.33984375, -0.0634765625],
        bias_ih_l0: [-0.162109375, 0.25390625, -0.4921875],
        bias_hh_l0: [0.54296875, -0.453125, 0.44140625],
      },
      x: [-0.34765625, 1.03125, 0.78125, 0.08349609375, 0.373046875, 1.515625],
      out: [0.0078125, -0.076171875, -0.033203125, 0.365234375, -0.041015625, -0.29296875, -0.1318359375, 0.1435546875, -0.2890625],
      hn: [0.0078125, -0.076171875, -0.033203125, 0.365234375, -0.041015625, -0.29296875, -0.1318359375, 0.1435546875, -0.2890625],
    },
    {
      N: 1, T: 3,
      sd: {
        weight_ih_l0: [0.1484375, 0.306640625, -0.447265625, 0.41015625, 0.1982421875, 0.146484375],
        weight_hh_l0: [0.07958984375, 0.28125, 0.53125, -0.12890625, -0.322265625, -0.1455078125, -0.3515625, 0.27734375, -0.28515625],
        bias_ih_l0: [-0.30859375, 0.498046875, 0.52734375],
        bias_hh_l0: [0.06640625, -0.10009765625, -0.07470703125],
      },
      x: [0.94921875, -1.8671875, -1.6328125, 1.59375, 1.9765625, -0.11865234375],
      out: [-0.58984375, -0.66015625, 0.3515625, -0.041748046875, 0.96484375, 0.279296875, 0.40625, -0.70703125, 0.7734375],
      hn: [0.40625, -0.70703125, 0.7734375],
    },
  ];
  for (const c of cases) {
    it(`N = ${c.N}, T = ${c.T}`, () => {
      const rnn = new RNN({ inputSize: 2, hiddenSize: 3, batchFirst: true, dtype: 'bfloat16' });
      const shapes: Record<string, number[]> = { weight_ih_l0: [3, 2], weight_hh_l0: [3, 3], bias_ih_l0: [3], bias_hh_l0: [3] };
      rnn.loadStateDict(Object.fromEntries(Object.entries(c.sd).map(([k, v]) => [k, tensor('bfloat16', shapes[k], v)])));
      const [out, hn] = rnn.forward(tensor('bfloat16', [c.N, c.T, 2], c.x));
      expect([...out.data]).toEqual(c.out);
      expect([...hn.data]).toEqual(c.hn);
    });
  }
});
