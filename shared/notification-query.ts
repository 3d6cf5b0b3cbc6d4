import * as z from 'zod/mini';
import './zod-locale';
import { BadRequestError } from './http-error';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

const querySchema = z.strictObject({
  limit: z._default(
    z.coerce
      .number({ error: 'must be a whole number' })
      .check(z.int('must be a whole number'), z.minimum(1, 'must be at least 1'), z.maximum(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`)),
    DEFAULT_PAGE_SIZE,
  ),
  cursor: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
});

export type NotificationQuery = z.infer<typeof querySchema>;

/** `GET /api/v1/notifications?limit=&cursor=`: a readable 400 for anything else. */
export function parseNotificationQuery(query: Record<string, string | undefined> | undefined): NotificationQuery {
  const raw = query ?? {};
  // An empty `limit=` means the default, as most APIs read it; "abc" or "0" does not.
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([name, value]) => !(name === 'limit' && value === '')));
  const result = querySchema.safeParse(cleaned);
  if (!result.success) {
    throw new BadRequestError(
      'Invalid query parameters',
      result.error.issues.map((issue) => ({
        path: issue.path.join('.') || String((issue as { keys?: string[] }).keys?.join(', ') ?? ''),
        message: issue.code === 'unrecognized_keys' ? 'is not a known parameter (use limit and cursor)' : issue.message,
      })),
    );
  }
  return result.data;
}
