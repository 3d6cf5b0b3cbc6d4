import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { quietKafkajsTimers } from '../../../shared/kafka-connection/kafkajs-timers';
import { lz4Codec } from './lz4';
import { snappyCodec } from './snappy';
import { zstdCodec } from './zstd';

// For every kafkajs client in a process that loads the poller, the console's and the checks' too.
quietKafkajsTimers();

/**
 * kafkajs reads only uncompressed and gzip batches on its own; a fetch that meets another codec
 * fails the whole consumer. This plugs in snappy, LZ4 and zstd, once per process, for every
 * kafkajs client in it. Call it before the first fetch.
 */
export function registerKafkaCodecs(): void {
  CompressionCodecs[CompressionTypes.Snappy] = () => snappyCodec;
  CompressionCodecs[CompressionTypes.LZ4] = () => lz4Codec;
  CompressionCodecs[CompressionTypes.ZSTD] = () => zstdCodec;
}
