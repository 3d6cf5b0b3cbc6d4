import { randomBytes } from 'node:crypto';
import { compressSync } from 'snappy';
import { lz4Codec } from '../../../../local/poller/codecs/lz4';
import { snappyCodec } from '../../../../local/poller/codecs/snappy';
import { zstdCodec } from '../../../../local/poller/codecs/zstd';

/** The text both fixtures below hold: 1,092 bytes, repetitive as a batch of similar records is. */
const FIXTURE_TEXT = 'zstd written by the reference zstd tool, streamed: ' + Array.from({ length: 50 }, (_, index) => `record ${index + 1} of a batch;`).join('');

/** `zstd -c --no-check` of FIXTURE_TEXT read from a pipe: one frame without a content size, as a stream writer leaves it. */
const ZSTD_STREAM_FRAME = 'KLUv/QBYxQUAkocXGZA5HbhUgrFUQ5XItjKzyAz436TMiuD6gxyHmZmZmVlVVVVV1f///2/btu2AC4SB4LD6YUnyID1VUl2EKTmsAZ3iHGZTQCKlLMqm0UuYw1MOe0uWgZS5TAQuirJpBDIgoKPSAYfQl2a00JdmtNCXZrTQl2a00JdmtNCXZrTQl2a00JdmtNCXZrTQl2bQUo0+6mg2jRap6YtCM6hoeUKfUzRrQgucBBOWyOQSlsjkEoaSHJd9Mw==';
/** `lz4 -c` of FIXTURE_TEXT: the LZ4 frame format Kafka's clients write. */
const LZ4_FRAME = 'BCJNGGRAp0QBAADxD3pzdGQgd3JpdHRlbiBieSB0aGUgcmVmZXJlbmNlIB4A8xV0b29sLCBzdHJlYW1lZDogcmVjb3JkIDEgb2YgYSBiYXRjaDsUAB8yFAAAHzMUAAAfNBQAAB81FAAAHzYUAAAfNxQAAB84FAAAHzkUAAAvMTAVAAEPygABHzHLAAEfMcwAAR8xzQABHzHOAAEfMc8AAR8x0AABHzHRAAEfMdIAAR8y0gABHzLSAAEfMtIAAR8y0gABHzLSAAEfMtIAAR8y0gABHzLSAAEfMtIAAR8y0gABHzPSAAEfM9IAAR8z0gABHzPSAAEfM9IAAR8z0gABHzPSAAEfM9IAAR8z0gABHzPSAAEfNNIAAR800gABHzTSAAEfNNIAAR800gABHzTSAAEfNNIAAR800gABHzTSAAEfNNIAARQ10gBQYXRjaDsAAAAAb4AeuQ==';

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);

describe('Kafka compression codecs', () => {
  it('reads a zstd frame written by the reference implementation', async () => {
    const text = await zstdCodec.decompress(Buffer.from(ZSTD_STREAM_FRAME, 'base64'));
    expect(text.toString()).toBe(FIXTURE_TEXT);
  });

  it('reads an LZ4 frame written by the reference implementation, and its own frames', async () => {
    expect((await lz4Codec.decompress(Buffer.from(LZ4_FRAME, 'base64'))).toString()).toBe(FIXTURE_TEXT);
    const data = randomBytes(300_000);
    expect((await lz4Codec.decompress(await lz4Codec.compress({ buffer: data }))).equals(data)).toBe(true);
  });

  it('writes snappy in xerial framing, as Kafka\'s Java client does, in 32 KiB blocks, and reads it back', async () => {
    const data = Buffer.concat([randomBytes(50_000), Buffer.alloc(50_000, 'a')]);
    const framed = await snappyCodec.compress({ buffer: data });
    expect(framed.subarray(0, 8).equals(XERIAL_MAGIC)).toBe(true);
    expect(framed.readInt32BE(8)).toBe(1);
    const firstBlockLength = framed.readUInt32BE(16);
    expect(framed.length).toBeGreaterThan(16 + 4 + firstBlockLength);
    expect((await snappyCodec.decompress(framed)).equals(data)).toBe(true);
  });

  it('reads a plain snappy block, as librdkafka writes it', async () => {
    const data = Buffer.from(FIXTURE_TEXT);
    expect((await snappyCodec.decompress(compressSync(data))).equals(data)).toBe(true);
  });

  it('names the byte where a truncated xerial frame breaks', async () => {
    const framed = await snappyCodec.compress({ buffer: Buffer.from(FIXTURE_TEXT) });
    await expect(snappyCodec.decompress(framed.subarray(0, framed.length - 3))).rejects.toThrow(/runs past the end/);
  });

  it('writes and reads zstd with node:zlib', async () => {
    const written = await zstdCodec.compress({ buffer: Buffer.from(FIXTURE_TEXT) });
    expect(written.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))).toBe(true);
    expect((await zstdCodec.decompress(written)).toString()).toBe(FIXTURE_TEXT);
  });
});
