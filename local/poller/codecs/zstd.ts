import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { decompress as fzstdDecompress } from 'fzstd';
import type { KafkaCodec } from './kafka-codec';

type ZlibCall = (data: Buffer, callback: (error: Error | null, result: Buffer) => void) => void;
/** node:zlib has zstd from Node.js 22.15 (and 23.8); Node 20 does not. */
const nodeZstd = zlib as unknown as { zstdCompress?: ZlibCall; zstdDecompress?: ZlibCall };
const nativeCompress = nodeZstd.zstdCompress && promisify(nodeZstd.zstdCompress);
const nativeDecompress = nodeZstd.zstdDecompress && promisify(nodeZstd.zstdDecompress);

function portableDecompress(buffer: Buffer): Buffer {
  const data = fzstdDecompress(buffer);
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * Zstandard. Node's own zstd where the running Node.js has it (native, and off the main
 * thread); elsewhere reading falls back to fzstd (pure JavaScript, several times slower: see
 * docs/performance.md), and writing is not offered.
 */
export const zstdCodec: KafkaCodec = {
  compress: async (encoder) => {
    if (!nativeCompress) throw new Error(`writing zstd-compressed batches needs Node.js 22.15 or later (this is ${process.version}); reading them works on any`);
    return nativeCompress(encoder.buffer);
  },
  decompress: async (buffer) => (nativeDecompress ? nativeDecompress(buffer) : portableDecompress(buffer)),
};
