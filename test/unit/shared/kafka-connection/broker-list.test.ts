import { producerConfig } from '../../../../shared/config';
import { parseBrokerList } from '../../../../shared/kafka-connection';
import { readPluginOptions } from '../../../../local/poller/plugin/options';

describe('parseBrokerList: one reading of a broker list for the functions, the CLI and the plugin', () => {
  it.each<[string, unknown, string[] | undefined]>([
    ['one broker', '127.0.0.1:9092', ['127.0.0.1:9092']],
    ['several, with spaces', ' a:9092, b.example.com:9093 ', ['a:9092', 'b.example.com:9093']],
    ['IPv6 in brackets', '[::1]:9092,[fe80::1]:19092', ['[::1]:9092', '[fe80::1]:19092']],
    ['a list', ['a:1', 'b:65535'], ['a:1', 'b:65535']],
    ['no port', 'localhost', undefined],
    ['IPv6 without brackets', '::1:9092', undefined],
    ['a port out of range', 'a:70000', undefined],
    ['port 0', 'a:0', undefined],
    ['an empty entry', 'a:1,,b:2', undefined],
    ['empty', '', undefined],
    ['an empty list', [], undefined],
    ['not text', 9092, undefined],
  ])('%s', (_, value, expected) => {
    expect(parseBrokerList(value)).toEqual(expected);
  });

  it('is what KAFKA_BROKERS and the plugin accept, IPv6 included', () => {
    const env = { MESSAGE_TOPIC: 'message-created', KAFKA_BROKERS: '[::1]:9092' };
    expect(producerConfig(env).kafka.bootstrap).toEqual({ source: 'listed', brokers: ['[::1]:9092'] });
    expect(readPluginOptions(undefined, { env, kafkaFunctions: [] }).brokers).toEqual(['[::1]:9092']);
    expect(() => producerConfig({ ...env, KAFKA_BROKERS: 'a:70000' })).toThrow(/KAFKA_BROKERS: must be host:port brokers/);
  });
});
