import { ExtData } from '@msgpack/msgpack';

/**
 * JSON rendering of decoded samples. MessagePack has types JSON lacks; they are rendered as:
 * `bin` → `{"$bin": "<base64>"}`, an extension value → `{"$ext": <type>, "$data": "<base64>"}`,
 * the timestamp extension → its ISO-8601 string. Non-finite floats become `null` (JSON has none).
 */
export function sampleToJson(sample: unknown, indent?: number): string {
  return JSON.stringify(sample, renderNonJson, indent);
}

function renderNonJson(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return { $bin: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (value instanceof ExtData) {
    const data = value.data instanceof Uint8Array ? value.data : new Uint8Array(0);
    return { $ext: value.type, $data: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64') };
  }
  return value;
}
