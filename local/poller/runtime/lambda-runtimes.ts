/**
 * Lambda's Node.js runtimes: which Node each runs, what its runtime interface client refuses, and
 * the dates in AWS's runtime deprecation table (Lambda developer guide, "Lambda runtimes",
 * supported and deprecated runtimes, as the table stood in the second half of 2026; AWS moved the
 * block dates of nodejs18.x and nodejs20.x to 2027 in June 2026). Dates are UTC days.
 */

/** What the Serverless Framework (osls 4) deploys when neither the function nor the provider names a runtime. */
export const DEFAULT_RUNTIME = 'nodejs24.x';

export interface RuntimeDates {
  /** No more patches; still accepted on create and update. */
  deprecation: string;
  /** From this day Lambda refuses to create a function on the runtime. */
  blockCreate: string;
  /** From this day Lambda refuses to update one. */
  blockUpdate: string;
}

export const NODE_RUNTIME_DATES: Readonly<Record<string, RuntimeDates>> = {
  'nodejs24.x': { deprecation: '2028-04-30', blockCreate: '2028-06-01', blockUpdate: '2028-07-01' },
  'nodejs22.x': { deprecation: '2027-04-30', blockCreate: '2027-06-01', blockUpdate: '2027-07-01' },
  'nodejs20.x': { deprecation: '2026-04-30', blockCreate: '2027-02-01', blockUpdate: '2027-03-03' },
  'nodejs18.x': { deprecation: '2025-09-01', blockCreate: '2027-02-01', blockUpdate: '2027-03-03' },
  'nodejs16.x': { deprecation: '2024-06-12', blockCreate: '2025-10-01', blockUpdate: '2025-11-01' },
  'nodejs14.x': { deprecation: '2023-12-04', blockCreate: '2024-01-09', blockUpdate: '2025-11-01' },
  'nodejs12.x': { deprecation: '2023-03-31', blockCreate: '2023-03-31', blockUpdate: '2023-04-30' },
  'nodejs10.x': { deprecation: '2021-07-30', blockCreate: '2021-07-30', blockUpdate: '2022-02-14' },
};

/** The Node.js major a `nodejsNN.x` runtime runs; undefined for any other runtime. */
export function nodeMajorOf(runtime: string): number | undefined {
  const match = /^nodejs(\d+)\.x$/.exec(runtime);
  return match ? Number(match[1]) : undefined;
}

/** From nodejs24.x, Lambda's runtime refuses callback-style handlers at init. */
export function refusesCallbackHandlers(runtime: string): boolean {
  return (nodeMajorOf(runtime) ?? 0) >= 24;
}

export type RuntimeStanding =
  | { standing: 'supported' }
  | { standing: 'deprecated'; dates: RuntimeDates }
  | { standing: 'blocked'; dates: RuntimeDates };

/**
 * Where a runtime stands on `day` (UTC), as AWS decides a create: blocked from its block-create
 * day on. A runtime the table does not list (another language, or one newer than it) is supported.
 */
export function runtimeStanding(runtime: string, day: Date): RuntimeStanding {
  const dates = NODE_RUNTIME_DATES[runtime];
  if (!dates) return { standing: 'supported' };
  const today = day.toISOString().slice(0, 10);
  if (today >= dates.blockCreate) return { standing: 'blocked', dates };
  if (today >= dates.deprecation) return { standing: 'deprecated', dates };
  return { standing: 'supported' };
}

export interface RuntimeCheck {
  /** One sentence per function AWS would refuse to create, naming it, its runtime and the date. */
  refused: string[];
  /** One sentence per function on a deprecated runtime AWS still accepts, with its dates. */
  deprecated: string[];
}

/** What `serverless package` says of each function's runtime on `day`, before anything is built. */
export function checkRuntimes(functions: readonly { name: string; runtime: string }[], day: Date): RuntimeCheck {
  const check: RuntimeCheck = { refused: [], deprecated: [] };
  for (const { name, runtime } of functions) {
    const standing = runtimeStanding(runtime, day);
    if (standing.standing === 'blocked') {
      const { deprecation, blockCreate, blockUpdate } = standing.dates;
      check.refused.push(
        `function ${name}: Lambda refuses to create functions on ${runtime} since ${blockCreate} (deprecated ${deprecation}, updates refused from ${blockUpdate}); set its runtime to ${DEFAULT_RUNTIME}.`,
      );
    } else if (standing.standing === 'deprecated') {
      const { deprecation, blockCreate, blockUpdate } = standing.dates;
      check.deprecated.push(
        `function ${name}: ${runtime} is deprecated since ${deprecation} (no more patches); Lambda refuses to create functions on it from ${blockCreate} and to update them from ${blockUpdate}. Move it to ${DEFAULT_RUNTIME}.`,
      );
    }
  }
  return check;
}
