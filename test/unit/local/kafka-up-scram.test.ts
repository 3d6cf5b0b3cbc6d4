import { LOCAL_SCRAM_USER } from '../../../local/config';
import { kafkaUp } from '../../../local/kafka/cluster';

/** What `up --scram` refuses before it starts anything. */
describe('kafkaUp with scram', () => {
  const cluster = { name: 'unit-never-started', basePort: 1, controllerBasePort: 2, scram: LOCAL_SCRAM_USER };
  const savedBrokers = process.env.KAFKA_BROKERS;
  afterEach(() => {
    if (savedBrokers === undefined) delete process.env.KAFKA_BROKERS;
    else process.env.KAFKA_BROKERS = savedBrokers;
  });

  it('refuses to pass KAFKA_BROKERS off as a SCRAM cluster', async () => {
    process.env.KAFKA_BROKERS = '127.0.0.1:9092';

    await expect(kafkaUp(cluster)).rejects.toThrow(
      '--scram starts a local cluster with a SCRAM listener, but KAFKA_BROKERS names one (127.0.0.1:9092): unset KAFKA_BROKERS.',
    );
  });

  it('refuses KAFKA_BROKERS for the auth listeners too, naming their flag', async () => {
    process.env.KAFKA_BROKERS = '127.0.0.1:9092';

    await expect(kafkaUp({ ...cluster, authListeners: true })).rejects.toThrow(
      '--auth-listeners starts a local cluster with a SCRAM listener, but KAFKA_BROKERS names one (127.0.0.1:9092): unset KAFKA_BROKERS.',
    );
  });

  it('runs on Java only, since the Docker Compose brokers have no SCRAM listener', async () => {
    await expect(kafkaUp({ ...cluster, runtime: 'docker', brokersFromEnv: false })).rejects.toThrow(
      'Cannot start a local Kafka with SCRAM: --scram runs Kafka with Java 17+ and Maven (the Docker Compose brokers have no SCRAM listener), and Docker was asked for.',
    );
  });
});
