import { EsmSettingsError } from '../../local/poller/index';

/** The problems an EsmSettingsError lists; fails when `resolve` throws nothing or something else. */
export function problemsOf(resolve: () => unknown): readonly string[] {
  try {
    resolve();
  } catch (error) {
    if (error instanceof EsmSettingsError) return error.failures.flatMap((failure) => failure.problems);
    throw error;
  }
  throw new Error('expected an EsmSettingsError');
}
