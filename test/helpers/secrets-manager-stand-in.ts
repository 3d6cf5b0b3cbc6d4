import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SecretsManagerStandIn {
  /** For AWS_ENDPOINT_URL_SECRETS_MANAGER, which every SDK client of Secrets Manager obeys. */
  endpoint: string;
  /** The SecretId of every GetSecretValue asked, in order. */
  requests: string[];
  /** When each of `requests` came (epoch ms), same order. */
  requestedAt: number[];
  close(): Promise<void>;
}

/**
 * Secrets Manager's GetSecretValue on 127.0.0.1 (its JSON 1.1 protocol, unsigned requests
 * accepted), holding `secrets` by ARN. The functions then read their SCRAM secret with their own
 * code and SDK client, as on AWS; an unknown ARN gets ResourceNotFoundException, as on AWS.
 */
export async function startSecretsManagerStandIn(secrets: Readonly<Record<string, string>>): Promise<SecretsManagerStandIn> {
  const requests: string[] = [];
  const requestedAt: number[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      const { SecretId } = JSON.parse(body || '{}') as { SecretId?: string };
      if (SecretId) {
        requests.push(SecretId);
        requestedAt.push(Date.now());
      }
      const secret = SecretId === undefined ? undefined : secrets[SecretId];
      const [status, answer] =
        target !== 'secretsmanager.GetSecretValue'
          ? [400, { __type: 'UnknownOperationException', message: `the stand-in answers GetSecretValue only, not ${String(target)}` }]
          : secret === undefined
            ? [400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." }]
            : [200, { ARN: SecretId, Name: SecretId!.split(':').at(-1), SecretString: secret, VersionId: 'local', VersionStages: ['AWSCURRENT'] }];
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    requestedAt,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
