// torch's forward hands num_layers and bidirectional to _VF.rnn_tanh / rnn_relu as the module holds
// them. The constructor accepts num_layers=True and any bidirectional (only its truthiness counts),
// but the C++ argument parser wants an int (not a bool) and a bool, so forward raises its
// "invalid combination of arguments" TypeError, before any check inside the op (T = 0, dtypes, clamp).
import type { ConfigDisplay, RNNConfig } from './config.js';
import { typeError } from './errors.js';
import { pyTypeName } from './pyvalue.js';

/** The parser's description of an argument: a list names its elements' types. */
function argDesc(v: unknown): string {
  return Array.isArray(v) ? `list of [${v.map(pyTypeName).join(', ')}]` : pyTypeName(v);
}

/** packed: the call a PackedSequence makes, (data, batch_sizes, hx, params, ...) without batch_first. */
export function checkVFArgs(c: RNNConfig, d: ConfigDisplay, packed = false): void {
  const nlBool = typeof d.vfNumLayers === 'boolean';
  const biBool = typeof d.vfBidirectional === 'boolean';
  if (!nlBool && biBool) return;
  const nParams = c.numLayers * (c.bidirectional ? 2 : 1) * (c.bias ? 4 : 2);
  const params = `!list of [${Array<string>(nParams).fill('Parameter').join(', ')}]!`;
  const nl = pyTypeName(d.vfNumLayers);
  const bi = biBool ? 'bool' : `!${argDesc(d.vfBidirectional)}!`;
  const fn = c.nonlinearity === 'relu' ? 'rnn_relu' : 'rnn_tanh';
  // Each overload marks (!type!) the arguments that do not fit its signature, position by position.
  if (packed) {
    throw typeError(
      `${fn}() received an invalid combination of arguments - got (Tensor, Tensor, Tensor, list, bool, ${nl}, float, bool, ${pyTypeName(d.vfBidirectional)}), but expected one of:\n` +
        ' * (Tensor data, Tensor batch_sizes, Tensor hx, tuple of Tensors params, bool has_biases, int num_layers, float dropout, bool train, bool bidirectional)\n' +
        `      didn't match because some of the arguments have invalid types: (Tensor, Tensor, Tensor, ${params}, bool, ${nlBool ? '!bool!' : 'int'}, float, bool, ${bi})\n` +
        ' * (Tensor input, Tensor hx, tuple of Tensors params, bool has_biases, int num_layers, float dropout, bool train, bool bidirectional, bool batch_first)\n' +
        `      didn't match because some of the arguments have invalid types: (Tensor, Tensor, !Tensor!, ${params}, !bool!, ${nlBool ? '!bool!' : 'int'}, !float!, bool, ${bi})\n`,
    );
  }
  throw typeError(
    `${fn}() received an invalid combination of arguments - got (Tensor, Tensor, list, bool, ${nl}, float, bool, ${pyTypeName(d.vfBidirectional)}, bool), but expected one of:\n` +
      ' * (Tensor data, Tensor batch_sizes, Tensor hx, tuple of Tensors params, bool has_biases, int num_layers, float dropout, bool train, bool bidirectional)\n' +
      `      didn't match because some of the arguments have invalid types: (Tensor, Tensor, ${params}, !bool!, ${nlBool ? 'bool' : '!int!'}, !float!, !bool!, ${bi}, bool)\n` +
      ' * (Tensor input, Tensor hx, tuple of Tensors params, bool has_biases, int num_layers, float dropout, bool train, bool bidirectional, bool batch_first)\n' +
      `      didn't match because some of the arguments have invalid types: (Tensor, Tensor, ${params}, bool, ${nlBool ? '!bool!' : 'int'}, float, bool, ${bi}, bool)\n`,
  );
}
