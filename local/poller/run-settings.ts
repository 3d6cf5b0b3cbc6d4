import { RETRY_BACKOFF_MS } from './aws-limits';

/**
 * How this process runs every mapping, beside each mapping's own settings: read once where the
 * poller is started (the CLI's flags, the plugin's options, the bench), checked there, and
 * passed whole to what needs it.
 */
export interface RunSettings {
  /** A failed batch's retry delay (and a schema registry's): `base` first, doubling per attempt up to `max`. */
  retryBackoffMs: { base: number; max: number };
  /** Reload a function when its source changes. */
  reload: boolean;
}

/** What the entry points may set; the rest is AWS's default (500 ms doubling up to 30 s) and reloading on. */
export interface RunSettingsInput {
  retryBaseMs?: number | undefined;
  reload?: boolean | undefined;
}

export function runSettings(input: RunSettingsInput = {}): RunSettings {
  return { retryBackoffMs: { base: input.retryBaseMs ?? RETRY_BACKOFF_MS.base, max: RETRY_BACKOFF_MS.max }, reload: input.reload ?? true };
}
