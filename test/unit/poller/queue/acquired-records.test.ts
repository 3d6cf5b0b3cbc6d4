import { compileFilterCriteria } from '../../../../local/poller/filter/event-filter';
import { acquiredRecords, withinBytes } from '../../../../local/poller/queue/acquired-records';
import { decodeShareFetch } from '../../../../local/poller/share-group';
import { recordedExchanges } from '../share-group/recorded-frames';

/** The partition of the ShareFetch response recorded from KafkaShareConsumer: offsets 0..2 acquired, delivery 1. */
function recordedPartition() {
  const { response } = recordedExchanges('share-fetch')[0]!;
  return decodeShareFetch(response).responses[0]!.partitions[0]!;
}

describe('acquiredRecords', () => {
  it('gives each acquired record its event JSON and delivery count', async () => {
    const acquired = await acquiredRecords('orders', recordedPartition(), compileFilterCriteria([]), 0);
    expect(acquired.records.map(({ key, offset, deliveryCount }) => ({ key, offset, deliveryCount }))).toEqual([
      { key: 'orders-0', offset: 0, deliveryCount: 1 },
      { key: 'orders-0', offset: 1, deliveryCount: 1 },
      { key: 'orders-0', offset: 2, deliveryCount: 1 },
    ]);
    expect(JSON.parse(acquired.records[0]!.json)).toMatchObject({ topic: 'orders', partition: 0, offset: 0, key: Buffer.from('k-0').toString('base64'), headers: [{ h: [-61, -85] }] });
    expect(acquired.gaps).toEqual([]);
  });

  it('leaves out records outside the acquired offsets, and marks acquired offsets without a record as gaps', async () => {
    const partition = { ...recordedPartition(), acquiredRecords: [{ firstOffset: 1n, lastOffset: 4n, deliveryCount: 3 }] };
    const acquired = await acquiredRecords('orders', partition, compileFilterCriteria([]), 0);
    expect(acquired.records.map((record) => [record.offset, record.deliveryCount])).toEqual([
      [1, 3],
      [2, 3],
    ]);
    expect(acquired.gaps).toEqual([3, 4]);
    expect(acquired.entries.map((entry) => entry.offset)).toEqual([1, 2]);
  });

  it('sets apart the records the filter drops', async () => {
    const acquired = await acquiredRecords('orders', recordedPartition(), compileFilterCriteria(['{"value":[{"prefix":"acc"}]}']), 0);
    expect(acquired.records.map((record) => record.offset)).toEqual([0]);
    expect(acquired.filtered).toEqual([1, 2]);
  });
});

describe('withinBytes', () => {
  it('cuts runs at the limit, a record over it alone', () => {
    const sized = (...bytes: number[]) => bytes.map((size) => ({ bytes: size }));
    expect(withinBytes(sized(4, 4, 3, 12, 1), 10).map((run) => run.map((record) => record.bytes))).toEqual([[4, 4], [3], [12], [1]]);
    expect(withinBytes([], 10)).toEqual([]);
  });
});
