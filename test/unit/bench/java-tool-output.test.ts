import { parseConsumerPerformance, parseProducerPerformance } from '../../../bench/java-tools';

/** Output as Kafka 4.1's tools print it (bench/pom.xml pins the version). */
describe("reading Kafka's performance tools", () => {
  it("reads ConsumerPerformance's result row by column", () => {
    const output = [
      'start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec',
      '2026-11-21 04:38:40:120, 2026-11-21 04:38:42:400, 195.3125, 85.6634, 200000, 87719.2982, 280, 2000, 97.6563, 100000.0000',
    ].join('\n');
    expect(parseConsumerPerformance(output)).toMatchObject({ 'data.consumed.in.nMsg': 200_000, 'rebalance.time.ms': 280, 'fetch.nMsg.sec': 100_000 });
  });

  it("reads ProducerPerformance's summary line, not its interim reports", () => {
    const output = [
      '250001 records sent, 49990.2 records/sec (48.82 MB/sec), 350.1 ms avg latency, 600.0 ms max latency.',
      '300000 records sent, 124223.6 records/sec (121.31 MB/sec), 148.26 ms avg latency, 308.00 ms max latency, 155 ms 50th, 286 ms 95th, 300 ms 99th, 306 ms 99.9th.',
    ].join('\n');
    expect(parseProducerPerformance(output)).toEqual({ recordsPerSecond: 124_223.6, p50Ms: 155, p99Ms: 300 });
  });

  it('says what it got when a tool printed no result', () => {
    expect(() => parseConsumerPerformance('Exception in thread "main"')).toThrow(/printed no result/);
    expect(() => parseProducerPerformance('')).toThrow(/printed no summary/);
  });
});
