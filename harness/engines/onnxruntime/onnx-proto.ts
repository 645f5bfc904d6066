// Just enough of the ONNX protobuf (onnx/onnx.proto, proto2) to write a model: a ModelProto with one
// graph of nodes, initializers and typed inputs/outputs. Field numbers are onnx.proto's.
const utf8 = new TextEncoder();

/** A protobuf message being written: fields appended in order. */
export class Message {
  readonly bytes: number[] = [];
  private varint(v: number | bigint): void {
    let n = BigInt.asUintN(64, BigInt(v));
    while (n >= 0x80n) {
      this.bytes.push(Number(n & 0x7fn) | 0x80);
      n >>= 7n;
    }
    this.bytes.push(Number(n));
  }
  int(field: number, v: number | bigint): this {
    this.varint(field << 3); // wire type 0
    this.varint(v);
    return this;
  }
  raw(field: number, b: Uint8Array): this {
    this.varint((field << 3) | 2); // wire type 2: length-delimited
    this.varint(b.length);
    for (const x of b) this.bytes.push(x);
    return this;
  }
  str(field: number, s: string): this {
    return this.raw(field, utf8.encode(s));
  }
  msg(field: number, m: Message): this {
    return this.raw(field, Uint8Array.from(m.bytes));
  }
}

/** TensorProto.DataType */
export const ONNX_TYPE = { float32: 1, int64: 7, float16: 10, float64: 11, bfloat16: 16 } as const;

/** TensorProto: dims 1, data_type 2, name 8, raw_data 9 (little-endian, as typed arrays are here). */
export function tensorProto(name: string, type: number, dims: readonly number[], data: ArrayBufferView): Message {
  const m = new Message();
  for (const d of dims) m.int(1, d);
  return m.int(2, type).str(8, name).raw(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

/** ValueInfoProto { name 1, type 2: TypeProto { tensor_type 1: { elem_type 1 } } } (shape left open). */
export function valueInfo(name: string, type: number): Message {
  return new Message().str(1, name).msg(2, new Message().msg(1, new Message().int(1, type)));
}

/** AttributeProto: name 1, i 3, s 4, ints 8, strings 9, type 20 (INT 2, STRING 3, INTS 7, STRINGS 8). */
export const attr = {
  int: (name: string, v: number) => new Message().str(1, name).int(3, v).int(20, 2),
  str: (name: string, v: string) => new Message().str(1, name).str(4, v).int(20, 3),
  ints: (name: string, vs: readonly number[]) => vs.reduce((m, v) => m.int(8, v), new Message().str(1, name)).int(20, 7),
  strs: (name: string, vs: readonly string[]) => vs.reduce((m, v) => m.str(9, v), new Message().str(1, name)).int(20, 8),
};

/** NodeProto: input 1, output 2, name 3, op_type 4, attribute 5 ('' = an omitted optional input). */
export function nodeProto(op: string, inputs: readonly string[], outputs: readonly string[], attrs: readonly Message[] = []): Message {
  const m = new Message();
  for (const i of inputs) m.str(1, i);
  for (const o of outputs) m.str(2, o);
  m.str(3, `${op}_${outputs[0] ?? ''}`).str(4, op);
  for (const a of attrs) m.msg(5, a);
  return m;
}

export interface Graph {
  nodes: Message[];
  initializers: Message[];
  inputs: Message[];
  outputs: Message[];
}

/** ModelProto: ir_version 1, producer_name 2, graph 7 (node 1, name 2, initializer 5, input 11, output 12), opset_import 8. */
export function modelProto(g: Graph, opset = 17): Uint8Array {
  const graph = new Message();
  for (const n of g.nodes) graph.msg(1, n);
  graph.str(2, 'torch_rnn');
  for (const t of g.initializers) graph.msg(5, t);
  for (const i of g.inputs) graph.msg(11, i);
  for (const o of g.outputs) graph.msg(12, o);
  const model = new Message().int(1, 8).str(2, 'rnn-conformance').msg(7, graph).msg(8, new Message().str(1, '').int(2, opset));
  return Uint8Array.from(model.bytes);
}
