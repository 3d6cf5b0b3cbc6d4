import zlib from 'node:zlib';
import { promisify } from 'node:util';
import type { KafkaCodec } from './kafka-codec';

const compress = promisify(zlib.zstdCompress);
const decompress = promisify(zlib.zstdDecompress);

/** Zstandard, by Node's own zstd (node:zlib, native and off the main thread). */
export const zstdCodec: KafkaCodec = {
  compress: async (encoder) => compress(encoder.buffer),
  decompress: async (buffer) => decompress(buffer),
};
