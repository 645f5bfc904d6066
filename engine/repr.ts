// torch's repr of an nn.RNN: RNNBase.extra_repr, non-defaults in the order num_layers, bias,
// batch_first, dropout, bidirectional (nonlinearity never shown), values printed as Python prints them.
import type { ConfigDisplay, RNNConfig } from './config.js';

export function rnnRepr(c: RNNConfig, d: ConfigDisplay): string {
  let s = `${d.inputSize}, ${c.hiddenSize}`;
  if (c.numLayers !== 1) s += `, num_layers=${d.numLayers}`;
  if (!c.bias) s += ', bias=False';
  if (c.batchFirst) s += ', batch_first=True';
  if (c.dropout !== 0) s += `, dropout=${d.dropout}`;
  if (d.bidirectional !== null) s += `, bidirectional=${d.bidirectional}`;
  return `RNN(${s})`;
}
