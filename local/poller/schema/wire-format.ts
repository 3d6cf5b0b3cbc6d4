import { inflateSync } from 'node:zlib';
import { DeserializationError } from './errors';

/** What the framing of a record's key or value says: which schema, and the bytes it frames. */
export interface FramedPayload {
  /** Confluent: the numeric id as a string ("1"); Glue: the schema version UUID. */
  schemaId: string;
  /** The bytes after the framing, decompressed: what a `SOURCE` record carries. */
  payload: Buffer;
}

const CONFLUENT_MAGIC = 0x00;
const CONFLUENT_HEADER_BYTES = 5;
const GLUE_HEADER_VERSION = 0x03;
const GLUE_COMPRESSION_NONE = 0x00;
const GLUE_COMPRESSION_ZLIB = 0x05;
const GLUE_HEADER_BYTES = 18;

/** Confluent's wire format: byte 0, the schema id as 4 big-endian bytes, then the payload (Protobuf's message indexes included). */
export function readConfluentFrame(bytes: Buffer): FramedPayload {
  if (bytes.length < CONFLUENT_HEADER_BYTES || bytes[0] !== CONFLUENT_MAGIC) {
    throw new DeserializationError(`not in the Confluent wire format: expected magic byte 0 and a 4-byte schema id, got ${bytes.subarray(0, CONFLUENT_HEADER_BYTES).toString('hex') || 'no bytes'}`);
  }
  return { schemaId: String(bytes.readUInt32BE(1)), payload: bytes.subarray(CONFLUENT_HEADER_BYTES) };
}

/** Glue's wire format: byte 3, a compression byte (0 none, 5 zlib), the 16-byte schema version UUID, then the payload. */
export function readGlueFrame(bytes: Buffer): FramedPayload {
  if (bytes.length < GLUE_HEADER_BYTES || bytes[0] !== GLUE_HEADER_VERSION) {
    throw new DeserializationError(`not in the Glue wire format: expected header version byte 3, a compression byte and a 16-byte schema version id, got ${bytes.subarray(0, 2).toString('hex') || 'no bytes'}`);
  }
  const hex = bytes.subarray(2, GLUE_HEADER_BYTES).toString('hex');
  const schemaId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const body = bytes.subarray(GLUE_HEADER_BYTES);
  switch (bytes[1]) {
    case GLUE_COMPRESSION_NONE:
      return { schemaId, payload: body };
    case GLUE_COMPRESSION_ZLIB:
      try {
        return { schemaId, payload: inflateSync(body) };
      } catch (error) {
        throw new DeserializationError(`the zlib-compressed Glue payload does not inflate: ${(error as Error).message}`, { cause: error });
      }
    default:
      throw new DeserializationError(`unknown Glue compression byte ${bytes[1]} (0 none, 5 zlib)`);
  }
}
