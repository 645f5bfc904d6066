// nn.RNN's constructor arguments, validated with torch's checks in torch's order (torch 2.13,
// torch/nn/modules/rnn.py RNN.__init__ then RNNBase.__init__), so a refusal carries torch's words.
// Values are read as Python would see them after JSON: see pyvalue.ts.
import type { DType } from './dtype.js';
import { notImplementedError, runtimeError, typeError, valueError, withWarnings } from './errors.js';
import { isPyInt, parsePyFloat, PyFloat, pyFloatRepr, pyNum, pyReal, pyRepr, pyStr, pyTypeName } from './pyvalue.js';

export interface TorchRNNConfig {
  input_size?: unknown;
  hidden_size?: unknown;
  num_layers?: unknown;
  nonlinearity?: unknown;
  bias?: unknown;
  batch_first?: unknown;
  dropout?: unknown;
  bidirectional?: unknown;
  dtype?: unknown;
  device?: unknown;
  proj_size?: unknown;
}

export interface RNNConfig {
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  nonlinearity: 'tanh' | 'relu';
  bias: boolean;
  batchFirst: boolean;
  dropout: number;
  bidirectional: boolean;
  dtype: DType;
}

/** How torch prints the arguments that may be of an unexpected Python type (repr, messages). */
export interface ConfigDisplay {
  inputSize: string; // str(input_size): 'True' for a bool
  numLayers: string;
  dropout: string; // repr(float(dropout))
  bidirectional: string | null; // str(bidirectional), null when it is exactly False
  /** Python types of the values forward hands to _VF.rnn_tanh/rnn_relu unconverted (see vf-args.ts). */
  vfNumLayers: unknown;
  vfBidirectional: unknown;
}

/** nn.RNN's keyword arguments (RNNBase.__init__'s, in the order config files and messages list them). */
export const RNN_CONFIG_KEYS = [
  'input_size', 'hidden_size', 'num_layers', 'nonlinearity', 'bias', 'batch_first', 'dropout', 'bidirectional', 'dtype', 'device', 'proj_size',
] as const;
const KNOWN_KEYS: readonly string[] = RNN_CONFIG_KEYS;

// torch.<name> for the six supported dtypes and their aliases.
const DTYPE_NAMES: Record<string, DType> = {
  float16: 'float16', half: 'float16', bfloat16: 'bfloat16', float32: 'float32', float: 'float32',
  float64: 'float64', double: 'float64', complex64: 'complex64', cfloat: 'complex64',
  complex128: 'complex128', cdouble: 'complex128',
};
// Dtypes torch refuses as parameters: nn.Parameter requires floating point or complex.
const NON_FLOAT_DTYPES = new Set(['bool', 'uint8', 'uint16', 'uint32', 'uint64', 'int8', 'int16', 'int32', 'int64', 'short', 'int', 'long', 'qint8', 'quint8', 'qint32', 'quint4x2', 'quint2x4']);
// Floating dtypes whose uniform_ init torch does not implement: name -> ATen scalar type name.
const FLOAT8_DTYPES: Record<string, string> = {
  float8_e4m3fn: 'Float8_e4m3fn', float8_e4m3fnuz: 'Float8_e4m3fnuz', float8_e5m2: 'Float8_e5m2',
  float8_e5m2fnuz: 'Float8_e5m2fnuz', float8_e8m0fnu: 'Float8_e8m0fnu',
};

export function validateConfig(cfg: TorchRNNConfig): { config: RNNConfig; warnings: string[]; display: ConfigDisplay } {
  const raw = cfg as Record<string, unknown>;
  const given = (k: string): boolean => raw[k] !== undefined;

  // RNN.__init__
  if (given('proj_size')) throw valueError('proj_size argument is only supported for LSTM, not RNN or GRU');
  const nonlinearity = given('nonlinearity') ? raw.nonlinearity : 'tanh';
  if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') {
    throw valueError(`Unknown nonlinearity '${pyStr(nonlinearity)}'. Select from 'tanh' or 'relu'.`);
  }
  // Python binds the keyword arguments of RNNBase.__init__ before its body runs.
  for (const k of Object.keys(raw)) {
    if (given(k) && !KNOWN_KEYS.includes(k)) throw typeError(`RNNBase.__init__() got an unexpected keyword argument '${k}'`);
  }
  const missing = ['input_size', 'hidden_size'].filter((k) => !given(k));
  if (missing.length === 1) throw typeError(`RNNBase.__init__() missing 1 required positional argument: '${missing[0]}'`);
  if (missing.length === 2) throw typeError("RNNBase.__init__() missing 2 required positional arguments: 'input_size' and 'hidden_size'");

  // RNNBase.__init__
  const { input_size, hidden_size } = raw;
  const numLayersRaw = given('num_layers') ? raw.num_layers : 1;
  const bias = given('bias') ? raw.bias : true;
  const batchFirst = given('batch_first') ? raw.batch_first : false;
  const dropoutRaw = given('dropout') ? raw.dropout : 0.0;
  const bidirectional = given('bidirectional') ? raw.bidirectional : false;

  const dropout = pyFloat(dropoutRaw); // self.dropout = float(dropout) comes first
  // isinstance(dropout, numbers.Number) and not isinstance(dropout, bool), then 0 <= dropout <= 1.
  const dropoutNum = typeof dropoutRaw === 'boolean' ? undefined : pyReal(dropoutRaw);
  if (dropoutNum === undefined || !(dropoutNum >= 0 && dropoutNum <= 1)) {
    throw valueError('dropout should be a number in range [0, 1] representing the probability of an element being zeroed');
  }
  const warnings: string[] = [];
  if (dropoutNum > 0 && pyReal(numLayersRaw) === 1) {
    warnings.push(
      'dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects ' +
        `num_layers greater than 1, but got dropout=${pyStr(dropoutRaw)} and num_layers=${pyStr(numLayersRaw)}`,
    );
  }
  // torch has recorded the warning when a later check raises: the refusal carries it.
  return withWarnings(warnings, () => {
    if (typeof bias !== 'boolean') throw typeError(`bias should be of type bool, got: ${pyTypeName(bias)}`);
    if (typeof batchFirst !== 'boolean') throw typeError(`batch_first should be of type bool, got: ${pyTypeName(batchFirst)}`);
    if (!isPyInt(input_size)) throw typeError(`input_size should be of type int, got: ${pyTypeName(input_size)}`);
    if (pyNum(input_size) <= 0) throw valueError('input_size must be greater than zero');
    if (!isPyInt(hidden_size)) throw typeError(`hidden_size should be of type int, got: ${pyTypeName(hidden_size)}`);
    if (pyNum(hidden_size) <= 0) throw valueError('hidden_size must be greater than zero');
    const numLayersNum = pyReal(numLayersRaw);
    if (numLayersNum === undefined) {
      throw typeError(`'<=' not supported between instances of '${pyTypeName(numLayersRaw)}' and 'int'`);
    }
    if (numLayersNum <= 0) throw valueError('num_layers must be greater than zero');
    if (!isPyInt(numLayersRaw)) throw typeError("'float' object cannot be interpreted as an integer"); // range(num_layers)
    // torch.empty((hidden_size, ...)) rejects a bool as the first dimension.
    if (typeof hidden_size === 'boolean') {
      throw typeError("empty(): argument 'size' (position 1) must be tuple of ints, but found element of type bool at pos 0");
    }
    checkDevice(given('device') ? raw.device : null);
    const dtype = resolveDType(given('dtype') ? raw.dtype : null);

    const config: RNNConfig = {
      inputSize: pyNum(input_size),
      hiddenSize: hidden_size,
      numLayers: pyNum(numLayersRaw),
      nonlinearity,
      bias,
      batchFirst,
      dropout,
      bidirectional: pyTruthy(bidirectional), // num_directions = 2 if bidirectional else 1
      dtype,
    };
    const display: ConfigDisplay = {
      inputSize: pyStr(input_size),
      numLayers: pyStr(numLayersRaw),
      dropout: pyFloatRepr(dropout),
      bidirectional: bidirectional === false ? null : pyStr(bidirectional),
      vfNumLayers: numLayersRaw,
      vfBidirectional: bidirectional,
    };
    return { config, warnings, display };
  });
}

/** Python float(v). */
function pyFloat(v: unknown): number {
  const real = pyReal(v);
  if (real !== undefined) return real;
  if (typeof v === 'string') {
    const x = parsePyFloat(v);
    if (x === undefined) throw valueError(`could not convert string to float: ${pyRepr(v)}`);
    return x;
  }
  throw typeError(`float() argument must be a string or a real number, not '${pyTypeName(v)}'`);
}

/** Python truthiness of a JSON-like value. */
function pyTruthy(v: unknown): boolean {
  if (v instanceof PyFloat) return v.value !== 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v !== null && typeof v === 'object') return Object.keys(v).length > 0;
  return Boolean(v);
}

// torch accepts 'cpu' and 'cpu:N'; this engine has no other device, so anything else is refused.
function checkDevice(device: unknown): void {
  if (device === null) return;
  if (typeof device === 'string' && /^cpu(:\d+)?$/.test(device)) return;
  throw notImplementedError(`device ${pyRepr(device)} is not supported: this engine runs on the CPU only (use device='cpu' or None)`);
}

function resolveDType(d: unknown): DType {
  if (d === null) return 'float32';
  // A config names a dtype as a torch attribute ("float32", "double"); any other value reaches
  // torch.empty as is (the sidecar passes it through too), which refuses it by type.
  const name = typeof d === 'string' ? d : undefined;
  if (name !== undefined) {
    const dt = DTYPE_NAMES[name] as DType | undefined;
    if (dt !== undefined) return dt;
    if (NON_FLOAT_DTYPES.has(name)) throw runtimeError('Only Tensors of floating point and complex dtype can require gradients');
    const f8 = FLOAT8_DTYPES[name] as string | undefined;
    if (f8 !== undefined) throw notImplementedError(`"check_uniform_bounds" not implemented for '${f8}'`);
    if (name === 'complex32' || name === 'chalf') {
      throw notImplementedError('dtype complex32 is not supported by this engine (torch constructs it, but most operators lack ComplexHalf kernels)');
    }
  }
  throw typeError(`empty(): argument 'dtype' must be torch.dtype, not ${pyTypeName(d)}`);
}
