import fs from 'node:fs';
import path from 'node:path';
import { KAFKA_HOST } from '../config';
import { run } from '../process';

/** Where the local cluster's certificate authority and certificates are, all PEM. */
export interface TlsMaterial {
  dir: string;
  /** The CA that signed the broker's and the client's certificates: what a client trusts. */
  caPath: string;
  /** The broker's unencrypted PKCS#8 key followed by its certificate, as Kafka's PEM keystore reads it. */
  brokerKeystorePath: string;
  /** The client certificate for the mutual-TLS listener, and its unencrypted PKCS#8 key. */
  clientCertificatePath: string;
  clientKeyPath: string;
}

const VALID_DAYS = '30';

export function tlsMaterialPaths(dir: string): TlsMaterial {
  return {
    dir,
    caPath: path.join(dir, 'ca.pem'),
    brokerKeystorePath: path.join(dir, 'broker-keystore.pem'),
    clientCertificatePath: path.join(dir, 'client.pem'),
    clientKeyPath: path.join(dir, 'client-key.pem'),
  };
}

async function openssl(args: string[], cwd: string): Promise<void> {
  const result = await run('openssl', args, { cwd });
  if (result.code !== 0) throw new Error(`openssl ${args.slice(0, 2).join(' ')} failed in ${cwd}:\n${result.output.trim()}`);
}

/** A key and a certificate signed by the CA in `dir`, for `subject`, with `extensions` (openssl's x509v3 lines). */
async function signed(dir: string, name: string, subject: string, extensions: string): Promise<void> {
  fs.writeFileSync(path.join(dir, `${name}.ext`), extensions);
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', subject], dir);
  await openssl(
    ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', VALID_DAYS, '-out', `${name}.pem`, '-extfile', `${name}.ext`],
    dir,
  );
}

/**
 * A fresh certificate authority for the local TLS listeners, made with openssl each time the
 * cluster starts (so no key outlives the run that needs it): a broker certificate for 127.0.0.1,
 * the address the brokers advertise (and only that, so `localhost` shows what a host name
 * mismatch looks like), and a client certificate the mutual-TLS listener accepts. Keys are
 * unencrypted PKCS#8, the form Kafka's PEM keystore and Lambda's client certificate secret take.
 */
export async function createTlsMaterial(dir: string): Promise<TlsMaterial> {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', VALID_DAYS, '-subj', '/CN=local-kafka-ca'], dir);
  await signed(dir, 'broker', `/CN=${KAFKA_HOST}`, `subjectAltName=IP:${KAFKA_HOST}\nextendedKeyUsage=serverAuth\n`);
  await signed(dir, 'client', '/CN=local-kafka-client', 'extendedKeyUsage=clientAuth\n');
  const material = tlsMaterialPaths(dir);
  fs.writeFileSync(material.brokerKeystorePath, fs.readFileSync(path.join(dir, 'broker-key.pem'), 'utf8') + fs.readFileSync(path.join(dir, 'broker.pem'), 'utf8'));
  return material;
}
