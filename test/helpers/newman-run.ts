/** What this project reads of a newman run's summary (newman ships no types of its own). */
interface NewmanSummary {
  run: {
    stats: { assertions: { total: number; failed: number }; requests: { total: number; failed: number } };
    failures: { error: { message: string; test?: string }; source?: { name?: string } }[];
  };
}
interface Newman {
  run(options: { collection: string; reporters: string[]; envVar?: { key: string; value: string }[] }, callback: (error: Error | null, summary: NewmanSummary) => void): void;
}
const newman = require('newman') as Newman;

export interface CollectionRun {
  requests: number;
  assertions: number;
  /** `<request>: <test>: <message>` per failed assertion or request. */
  failures: string[];
}

/** Runs a Postman collection with newman, as `npx newman run FILE` would, and sums up what failed. */
export function runCollection(collection: string): Promise<CollectionRun> {
  return new Promise((resolve, reject) => {
    newman.run({ collection, reporters: [] }, (error, summary) => {
      if (error) return reject(error);
      const { stats, failures } = summary.run;
      resolve({
        requests: stats.requests.total,
        assertions: stats.assertions.total,
        failures: failures.map(({ error: failure, source }) => `${source?.name ?? '?'}: ${failure.test ?? ''}: ${failure.message}`),
      });
    });
  });
}
