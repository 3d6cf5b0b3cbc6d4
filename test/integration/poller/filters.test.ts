import { waitForCommittedEnd } from '../../helpers/consumer-group';
import { deliveredRecords } from '../../helpers/poller-deliveries';
import { PollerService } from '../../helpers/poller-service';
import { usePollerTestBroker } from '../../helpers/poller-test-broker';

describe('poller: filter criteria', () => {
  const broker = usePollerTestBroker();

  it('delivers only matching records and commits the dropped ones, even when a partition ends with them', async () => {
    const topic = await broker.topic('poller-filter');
    const values = [
      '{"type":"order","id":1}',
      '{"type":"refund","id":2}',
      '{"type":"order","id":3}',
      'ERR disk full',
      'WARN disk almost full',
      null,
      '{"type":"refund","id":4}',
    ];
    await broker.producer.send({ topic, acks: -1, messages: values.map((value, index) => ({ partition: 0, key: `k${index}`, value })) });
    // Partition 1 holds only records the filter drops: it is never invoked, yet committed.
    await broker.producer.send({ topic, acks: -1, messages: [1, 2, 3].map((id) => ({ partition: 1, value: `{"type":"refund","id":${id}}` })) });

    const service = new PollerService({ topic, event: { filterPatterns: [{ value: { type: ['order'] } }, { value: [{ prefix: 'ERR' }] }] } });
    await service.start();
    const committed = await waitForCommittedEnd(broker.admin, service.groupId, topic);

    expect(committed.slice(0, 2)).toEqual([7, 3]);
    const delivered = deliveredRecords(service.deliveries());
    expect(delivered.map((record) => `${record.partition}@${record.offset}`)).toEqual(['0@0', '0@2', '0@3']);
    expect(delivered.map((record) => Buffer.from(record.value!, 'base64').toString())).toEqual(['{"type":"order","id":1}', '{"type":"order","id":3}', 'ERR disk full']);
  });
});
