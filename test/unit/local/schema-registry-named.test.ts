import { localRegistryPort, registryUrisOf } from '../../../local/schema-registry';

describe('npm start: which registry serverless.yml names', () => {
  it('finds each mapping schemaRegistryURI', () => {
    const config = {
      custom: {
        eventSourceMappings: {
          a: { schemaRegistryConfig: { schemaRegistryURI: 'http://127.0.0.1:8081/apis/ccompat/v7' } },
          b: { maximumRetryAttempts: 3 },
          c: { schemaRegistryConfig: { schemaRegistryURI: 'arn:aws:glue:us-east-1:123456789012:registry/r' } },
        },
      },
    };
    expect(registryUrisOf(config)).toEqual(['http://127.0.0.1:8081/apis/ccompat/v7', 'arn:aws:glue:us-east-1:123456789012:registry/r']);
    expect(registryUrisOf({})).toEqual([]);
  });

  it.each([
    ['http://127.0.0.1:8081/apis/ccompat/v7', 8081],
    ['http://localhost:18081/apis/ccompat/v7', 18081],
    ['http://localhost/apis/ccompat/v7', undefined],
    ['https://registry.example.com/apis/ccompat/v7', undefined],
    ['arn:aws:glue:us-east-1:123456789012:registry/r', undefined],
  ])('starts a local registry for %s on port %s only', (uri, port) => {
    expect(localRegistryPort(uri)).toBe(port);
  });
});
