import { javaToolchainProblem } from '../java/toolchain';
import { portIsFree } from '../ports';
import { dockerEngineAnswers } from './docker-compose';
import { LaunchError } from './launch-error';

/** What a service's error says when neither runtime is there. */
export interface RuntimeNeeds {
  /** "a local Kafka", "DynamoDB Local". */
  service: string;
  /** The Java it needs: "Java 17+", "a Java 17+ JDK". */
  java: string;
  /** How to use one running elsewhere instead: "point KAFKA_BROKERS at a running cluster (e.g. ...)". */
  instead: string;
}

/** The runtime asked for, else Docker Compose when an engine answers, else Java; else what to install. */
export function chooseRuntime(requested: 'docker' | 'java' | undefined, needs: RuntimeNeeds): 'docker' | 'java' {
  if (requested) return requested;
  if (dockerEngineAnswers()) return 'docker';
  const javaProblem = javaToolchainProblem();
  if (!javaProblem) return 'java';
  throw new LaunchError(
    [
      `Cannot start ${needs.service}: no Docker engine answers and ${javaProblem}.`,
      'Install one of:',
      '  - Docker (Docker Desktop, or Docker Engine with the compose plugin), or',
      `  - ${needs.java} and Apache Maven (e.g. \`apt-get install openjdk-17-jdk-headless maven\`, \`brew install openjdk@17 maven\`),`,
      `or ${needs.instead}.`,
    ].join('\n'),
  );
}

/** Refuses to start where a port is taken by something `up` did not start; `instead` says how to use it. */
export async function refuseTakenPorts(host: string, ports: readonly number[], instead: (port: number) => string): Promise<void> {
  for (const port of ports) {
    if (!(await portIsFree(port, host))) {
      throw new LaunchError(`Port ${port} on ${host} is already in use by a process this project did not start. Stop it, or ${instead(port)}.`);
    }
  }
}
