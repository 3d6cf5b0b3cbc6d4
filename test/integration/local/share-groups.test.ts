import { KAFKA_VERSION } from '../../../local/config';
import { testBrokers, uniqueName } from '../../helpers/kafka';
import { checkShareGroups } from '../../helpers/share-consumer';

/**
 * The broker `npm run kafka -- up` starts (the tests' broker): Kafka 4.2 formats new storage with
 * share.version=1, so share groups (Lambda's Queue mode for Kafka) work with no extra setting.
 */
describe(`share groups on the local Kafka ${KAFKA_VERSION}`, () => {
  it('deliver a record to a KafkaShareConsumer, which acknowledges it', async () => {
    const check = await checkShareGroups(testBrokers(), uniqueName('share-topic'), uniqueName('share-group'), KAFKA_VERSION);
    expect(check.shareVersion).toBeGreaterThanOrEqual(1);
    expect(check.received).toBe('queued');
  }, 180_000);
});
