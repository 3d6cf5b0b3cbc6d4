import { compressSync, uncompressSync } from 'snappy';
import type { KafkaCodec } from './kafka-codec';

/**
 * Kafka's Java client writes snappy through snappy-java's stream, which frames the compressed
 * blocks ("xerial" framing): an 8-byte magic, two 4-byte versions, then blocks each led by
 * its 4-byte big-endian length. librdkafka and others may write one plain snappy block instead.
 */
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = 16;
const XERIAL_VERSION = 1;
/** snappy-java's default block size: a producer's batch is cut into blocks of this many bytes. */
const XERIAL_BLOCK_BYTES = 32 * 1024;

function isXerialFramed(buffer: Buffer): boolean {
  return buffer.length >= XERIAL_HEADER_BYTES && buffer.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC);
}

function unframe(buffer: Buffer): Buffer {
  const blocks: Buffer[] = [];
  let position = XERIAL_HEADER_BYTES;
  while (position < buffer.length) {
    if (position + 4 > buffer.length) throw new Error(`snappy: truncated block length at byte ${position} of ${buffer.length}`);
    const length = buffer.readUInt32BE(position);
    position += 4;
    if (position + length > buffer.length) throw new Error(`snappy: block of ${length} bytes at byte ${position} runs past the end (${buffer.length})`);
    blocks.push(uncompressSync(buffer.subarray(position, position + length), { asBuffer: true }) as Buffer);
    position += length;
  }
  return Buffer.concat(blocks);
}

function frame(data: Buffer): Buffer {
  const header = Buffer.alloc(XERIAL_HEADER_BYTES);
  XERIAL_MAGIC.copy(header);
  header.writeInt32BE(XERIAL_VERSION, 8);
  header.writeInt32BE(XERIAL_VERSION, 12);
  const parts: Buffer[] = [header];
  for (let start = 0; start < data.length; start += XERIAL_BLOCK_BYTES) {
    const block = compressSync(data.subarray(start, start + XERIAL_BLOCK_BYTES));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(block.length);
    parts.push(length, block);
  }
  return Buffer.concat(parts);
}

/** Snappy as Kafka's clients write it: xerial-framed (Java) or a plain block (librdkafka, kafkajs-snappy). */
export const snappyCodec: KafkaCodec = {
  compress: async (encoder) => frame(encoder.buffer),
  decompress: async (buffer) => (isXerialFramed(buffer) ? unframe(buffer) : (uncompressSync(buffer, { asBuffer: true }) as Buffer)),
};
