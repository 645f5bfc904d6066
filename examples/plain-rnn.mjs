// A complete adapter: torch.nn.RNN's forward in plain JavaScript (float32, float64), put under the
// gate with `rnn-conformance check --engine ./plain-rnn.mjs`. Copy it and make it call your own RNN.
export default {
  name: 'plain-js',
  capabilities: { dtypes: ['float32', 'float64'], features: ['batch_first', 'bidirectional', 'multi_layer', 'relu', 'no_bias', 'hx', 'unbatched', 'empty'] },
  forward({ config, stateDict: p, input, hx }) {
    const { hidden_size: H, num_layers: L = 1, bidirectional: bi = false, batch_first: bf = false, nonlinearity = 'tanh', bias = true, dtype = 'float32' } = config;
    const Arr = dtype === 'float64' ? Float64Array : Float32Array, r = dtype === 'float64' ? (v) => v : Math.fround, D = bi ? 2 : 1, act = nonlinearity === 'relu' ? (v) => Math.max(v, 0) : Math.tanh;
    const unb = input.shape.length === 2, [T, N] = unb ? [input.shape[0], 1] : bf ? [input.shape[1], input.shape[0]] : input.shape;
    let I = input.shape.at(-1), x = (t, n, i) => input.data[((unb ? t : bf ? n * T + t : t * N + n) * I) + i];
    const hN = new Arr(L * D * N * H);
    for (let l = 0; l < L; l++) {
      const y = new Arr(T * N * D * H);
      for (let d = 0; d < D; d++) {
        const s = `_l${l}${d ? '_reverse' : ''}`, Wi = p[`weight_ih${s}`].data, Wh = p[`weight_hh${s}`].data, bi_ = bias ? p[`bias_ih${s}`].data : null, bh = bias ? p[`bias_hh${s}`].data : null;
        const h = hx ? Arr.from(hx.data.subarray((l * D + d) * N * H, (l * D + d + 1) * N * H)) : new Arr(N * H);
        for (let k = 0; k < T; k++) {
          const t = d ? T - 1 - k : k, prev = Arr.from(h);
          for (let n = 0; n < N; n++) for (let j = 0; j < H; j++) {
            let a = bias ? bi_[j] : 0, b = bias ? bh[j] : 0; // in the dtype's arithmetic: float32 overflows as torch's does
            for (let i = 0; i < I; i++) a = r(a + r(Wi[j * I + i] * x(t, n, i)));
            for (let i = 0; i < H; i++) b = r(b + r(Wh[j * H + i] * prev[n * H + i]));
            y[((t * N + n) * D + d) * H + j] = h[n * H + j] = act(r(a + b));
          }
        }
        hN.set(h, (l * D + d) * N * H);
      }
      I = D * H; x = (t, n, i) => y[(t * N + n) * I + i];
    }
    const out = new Arr(T * N * I);
    for (let t = 0; t < T; t++) for (let n = 0; n < N; n++) for (let i = 0; i < I; i++) out[(unb ? t : bf ? n * T + t : t * N + n) * I + i] = x(t, n, i);
    return { output: { dtype, shape: unb ? [T, I] : bf ? [N, T, I] : [T, N, I], data: out }, h_n: { dtype, shape: unb ? [L * D, H] : [L * D, N, H], data: hN } };
  },
};
