import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/** A scalar a summary reports: what the collector turns into observations. */
export interface EventScalar {
  tag: string;
  value: number;
  step: number;
  /** Seconds since the epoch, as the writer's clock said (Event.wall_time). */
  wallTime: number;
}

interface DecodedTensor {
  dtype?: string;
  tensorShape?: { dim?: { size?: number }[]; unknownRank?: boolean };
  tensorContent?: Uint8Array;
  floatVal?: number[];
  doubleVal?: number[];
  intVal?: number[];
  int64Val?: number[];
}

interface DecodedEvent {
  wallTime?: number;
  step?: number;
  summary?: { value?: { tag?: string; simpleValue?: number; tensor?: DecodedTensor }[] };
}

const PROTO_FILE = fileURLToPath(new URL('./tensorflow-event.proto', import.meta.url));
let eventType: protobuf.Type | undefined;

/** Loaded on first use: the .proto ships beside this module (swc --copy-files). */
function tensorflowEvent(): protobuf.Type {
  eventType ??= protobuf.loadSync(PROTO_FILE).lookupType('tensorflow.Event');
  return eventType;
}

/** Element count of a shape; undefined for an unknown rank or size. */
function elementCount(shape: DecodedTensor['tensorShape']): number | undefined {
  if (shape?.unknownRank) return undefined;
  return (shape?.dim ?? []).reduce<number | undefined>((count, dim) => (count === undefined || dim.size === undefined || dim.size < 0 ? undefined : count * dim.size), 1);
}

/**
 * The value of a rank-0 tensor (what TF2's `tf.summary.scalar` writes), or
 * undefined for anything else. Katib turns a tensor into a metric with
 * str(tf.make_ndarray(...)), which is a number only for rank 0: a `[0.5]`
 * would not parse there, so it is not a value here either.
 */
export function scalarOfTensor(tensor: DecodedTensor): number | undefined {
  const rank = tensor.tensorShape?.dim?.length ?? 0;
  if (tensor.tensorShape?.unknownRank || rank !== 0 || elementCount(tensor.tensorShape) !== 1) return undefined;
  const content = tensor.tensorContent;
  const packed = content && content.length > 0 ? Buffer.from(content.buffer, content.byteOffset, content.byteLength) : undefined;
  switch (tensor.dtype) {
    case 'DT_FLOAT':
      return packed ? (packed.length === 4 ? packed.readFloatLE(0) : undefined) : tensor.floatVal?.[0];
    case 'DT_DOUBLE':
      return packed ? (packed.length === 8 ? packed.readDoubleLE(0) : undefined) : tensor.doubleVal?.[0];
    case 'DT_INT32':
      return packed ? (packed.length === 4 ? packed.readInt32LE(0) : undefined) : tensor.intVal?.[0];
    case 'DT_INT64':
      return packed ? (packed.length === 8 ? Number(packed.readBigInt64LE(0)) : undefined) : tensor.int64Val?.[0];
    default:
      return undefined;
  }
}

/**
 * The scalars one event record reports: each summary value with a
 * `simple_value` (TF1, tensorboardX, PyTorch's SummaryWriter) or a scalar
 * `tensor` (TF2). Non-scalar tensors, images, histograms and events without
 * a summary (the file_version header, graphs) report none. Throws on bytes
 * that are not an Event.
 */
export function scalarsOfEvent(record: Uint8Array): EventScalar[] {
  const type = tensorflowEvent();
  const event = type.toObject(type.decode(record), { longs: Number, enums: String, defaults: false, oneofs: false }) as DecodedEvent;
  const scalars: EventScalar[] = [];
  for (const value of event.summary?.value ?? []) {
    const number = value.simpleValue ?? (value.tensor ? scalarOfTensor(value.tensor) : undefined);
    if (number === undefined || value.tag === undefined || !Number.isFinite(number)) continue;
    scalars.push({ tag: value.tag, value: number, step: event.step ?? 0, wallTime: event.wallTime ?? 0 });
  }
  return scalars;
}
