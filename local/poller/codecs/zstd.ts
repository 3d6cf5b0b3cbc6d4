import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { decompress } from 'fzstd';
import type { KafkaCodec } from './kafka-codec';

type Compress = (data: Buffer, callback: (error: Error | null, result: Buffer) => void) => void;
/** node:zlib has zstd from Node.js 22.15 (and 23.8); Node 20 does not. */
const nodeZstdCompress = (zlib as unknown as { zstdCompress?: Compress }).zstdCompress;
const zstdCompress = nodeZstdCompress && promisify(nodeZstdCompress);

/**
 * Zstandard. Reading is what a consumer needs and works on every supported Node.js (fzstd, pure
 * JavaScript); writing zstd uses node:zlib where the running Node.js has it.
 */
export const zstdCodec: KafkaCodec = {
  compress: async (encoder) => {
    if (!zstdCompress) throw new Error(`writing zstd-compressed batches needs Node.js 22.15 or later (this is ${process.version}); reading them works on any`);
    return zstdCompress(encoder.buffer);
  },
  decompress: async (buffer) => {
    const data = decompress(buffer);
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  },
};
