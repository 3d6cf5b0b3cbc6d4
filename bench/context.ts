import type { Kafka } from 'kafkajs';
import type { BenchTopics } from './bench-topics';
import type { Figures } from './figures';
import type { BenchPlan } from './plan';
import type { BenchServices } from './services';

/** What every scenario gets: the plan, where to put its figures, and the services to measure against. */
export interface BenchContext {
  plan: BenchPlan;
  figures: Figures;
  brokers: string[];
  /** The bench's own client, for producers and admin work outside the measured processes. */
  kafka: Kafka;
  topics: BenchTopics;
  services: BenchServices;
  /** Kafka's performance tools' classpath, fetched on first use. */
  javaClasspath(): Promise<string>;
  progress: (line: string) => void;
}
