import { compressFrame, decompressFrame } from 'lz4-napi';
import type { KafkaCodec } from './kafka-codec';

/** LZ4 in the LZ4 frame format, which Kafka uses for record batches since message format v1. */
export const lz4Codec: KafkaCodec = {
  compress: (encoder) => compressFrame(encoder.buffer),
  decompress: (buffer) => decompressFrame(buffer),
};
