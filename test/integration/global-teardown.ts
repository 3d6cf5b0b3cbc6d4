import { kafkaDown } from '../../local/kafka/cluster';

/** Stops the broker only if global-setup.ts started it; a developer's own cluster keeps running. */
export default async function globalTeardown(): Promise<void> {
  if ((globalThis as { kafkaStartedByTests?: boolean }).kafkaStartedByTests) await kafkaDown();
}
