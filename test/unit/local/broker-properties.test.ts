import { LOCAL_SCRAM_USER } from '../../../local/config';
import { brokerProperties } from '../../../local/kafka/broker-properties';
import { bootstrapServers, clusterSpec, scramPort } from '../../../local/kafka/cluster-spec';
import { tlsMaterialPaths } from '../../../local/kafka/tls-material';

function parseProperties(text: string): Record<string, string> {
  return Object.fromEntries(text.trim().split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]));
}

describe('brokerProperties', () => {
  it.each([
    { brokers: 1, replication: '1', minInsync: '1' },
    { brokers: 3, replication: '3', minInsync: '2' },
  ])('sizes replication for $brokers broker(s)', ({ brokers, replication, minInsync }) => {
    const properties = parseProperties(brokerProperties(clusterSpec({ brokers }), 1, '/data'));
    expect(properties['default.replication.factor']).toBe(replication);
    expect(properties['offsets.topic.replication.factor']).toBe(replication);
    expect(properties['min.insync.replicas']).toBe(minInsync);
    expect(properties['transaction.state.log.min.isr']).toBe(minInsync);
  });

  it('lists every node as a KRaft voter and listens on 127.0.0.1 only', () => {
    const spec = clusterSpec({ brokers: 3, basePort: 39092, controllerBasePort: 39192 });
    const properties = parseProperties(brokerProperties(spec, 2, '/data'));
    expect(properties['node.id']).toBe('2');
    expect(properties['process.roles']).toBe('broker,controller');
    expect(properties['controller.quorum.voters']).toBe('1@127.0.0.1:39192,2@127.0.0.1:39193,3@127.0.0.1:39194');
    expect(properties.listeners).toBe('PLAINTEXT://127.0.0.1:39093,CONTROLLER://127.0.0.1:39193');
    expect(properties['advertised.listeners']).toBe('PLAINTEXT://127.0.0.1:39093');
    expect(bootstrapServers(spec)).toEqual(['127.0.0.1:39092', '127.0.0.1:39093', '127.0.0.1:39094']);
  });

  it('adds a SASL_PLAINTEXT listener for SCRAM-SHA-512 with --scram, 200 ports up, brokers and controllers staying PLAINTEXT', () => {
    const spec = clusterSpec({ brokers: 3, basePort: 39092, controllerBasePort: 39192, scram: LOCAL_SCRAM_USER });
    const text = brokerProperties(spec, 2, '/data');
    const properties = parseProperties(text);
    expect(properties.listeners).toBe('PLAINTEXT://127.0.0.1:39093,SASL_PLAINTEXT://127.0.0.1:39293,CONTROLLER://127.0.0.1:39193');
    expect(properties['advertised.listeners']).toBe('PLAINTEXT://127.0.0.1:39093,SASL_PLAINTEXT://127.0.0.1:39293');
    expect(properties['listener.security.protocol.map']).toBe('PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT');
    expect(properties['sasl.enabled.mechanisms']).toBe('SCRAM-SHA-512');
    expect(properties['listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config']).toBe('org.apache.kafka.common.security.scram.ScramLoginModule required;');
    expect(properties['inter.broker.listener.name']).toBe('PLAINTEXT');
    expect(text).not.toContain(LOCAL_SCRAM_USER.password);
    expect(bootstrapServers(spec, scramPort)).toEqual(['127.0.0.1:39292', '127.0.0.1:39293', '127.0.0.1:39294']);
  });

  it('adds SASL_SSL, SSL and mutual-TLS listeners with --auth-listeners, each SASL one taking SCRAM-SHA-256, SCRAM-SHA-512 and PLAIN', () => {
    const tls = tlsMaterialPaths('/tls');
    const spec = clusterSpec({ basePort: 39092, controllerBasePort: 39192, scram: LOCAL_SCRAM_USER, authListeners: true });
    const properties = parseProperties(brokerProperties(spec, 1, '/data', tls));
    expect(properties['advertised.listeners']).toBe(
      'PLAINTEXT://127.0.0.1:39092,SASL_PLAINTEXT://127.0.0.1:39292,SASL_SSL://127.0.0.1:39392,SSL://127.0.0.1:39492,MTLS://127.0.0.1:39592',
    );
    expect(properties['listener.security.protocol.map']).toBe('PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,SSL:SSL,MTLS:SSL');
    expect(properties['sasl.enabled.mechanisms']).toBe('SCRAM-SHA-256,SCRAM-SHA-512,PLAIN');
    expect(properties['listener.name.sasl_ssl.plain.sasl.jaas.config']).toBe(
      `org.apache.kafka.common.security.plain.PlainLoginModule required user_${LOCAL_SCRAM_USER.username}="${LOCAL_SCRAM_USER.password}";`,
    );
    expect(properties['listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config']).toBe('org.apache.kafka.common.security.scram.ScramLoginModule required;');
    expect(properties).toMatchObject({ 'ssl.keystore.type': 'PEM', 'ssl.keystore.location': tls.brokerKeystorePath, 'ssl.truststore.location': tls.caPath });
    expect(properties['listener.name.mtls.ssl.client.auth']).toBe('required');
    expect(properties['ssl.client.auth']).toBeUndefined();
    expect(properties['inter.broker.listener.name']).toBe('PLAINTEXT');
  });

  it('has no SASL listener without --scram', () => {
    const properties = parseProperties(brokerProperties(clusterSpec(), 1, '/data'));
    expect(properties['listener.security.protocol.map']).toBe('PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT');
    expect(properties['sasl.enabled.mechanisms']).toBeUndefined();
  });

  it('accepts 8 MiB messages and never creates topics on its own, like a configured MSK cluster', () => {
    const properties = parseProperties(brokerProperties(clusterSpec(), 1, '/data'));
    expect(properties['message.max.bytes']).toBe(String(8 * 1024 * 1024));
    expect(properties['auto.create.topics.enable']).toBe('false');
  });
});

describe('clusterSpec', () => {
  it.each([0, 6, 1.5, Number.NaN])('rejects --brokers %p with a readable message', (brokers) => {
    expect(() => clusterSpec({ brokers })).toThrow(/--brokers must be a whole number from 1 to 5/);
  });
});
