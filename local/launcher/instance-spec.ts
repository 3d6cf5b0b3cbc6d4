import path from 'node:path';

/** One local single-process service (DynamoDB Local, the schema registry): its port and where its state lives. */
export interface InstanceSpec {
  /** Names the state folder, so a test instance never touches the developer's own. */
  name: string;
  port: number;
  stateDir: string;
}

export interface InstanceSpecOptions {
  name?: string;
  port?: number;
}

export const DEFAULT_INSTANCE_NAME = 'dev';

/** The instance `options` name, on the service's default port unless they give one, its state under `stateRoot`. */
export function namedInstance(options: InstanceSpecOptions, defaultPort: number, stateRoot: string): InstanceSpec {
  const name = options.name ?? DEFAULT_INSTANCE_NAME;
  return { name, port: options.port ?? defaultPort, stateDir: path.join(stateRoot, name) };
}
