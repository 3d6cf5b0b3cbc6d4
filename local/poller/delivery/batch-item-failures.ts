/** One entry of a partial batch response: `{ itemIdentifier: { partition: "<topic>-<p>", offset } }`. */
export interface ItemFailure {
  partition: string;
  offset: number;
}

/** Marks a response whose identifiers cannot be read, which AWS treats as a failed batch. */
const UNREADABLE: ItemFailure = { partition: '', offset: Number.NaN };

/**
 * The failures a `ReportBatchItemFailures` response names. An empty or null response, or one
 * without `batchItemFailures`, is success: no failures.
 */
export function itemFailures(response: unknown): ItemFailure[] {
  if (response === null || typeof response !== 'object') return [];
  const list = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) return [UNREADABLE];
  return list.map((item: unknown) => {
    const identifier = (item as { itemIdentifier?: { partition?: unknown; offset?: unknown } } | null)?.itemIdentifier;
    const offset = typeof identifier?.offset === 'string' ? Number(identifier.offset) : identifier?.offset;
    return typeof identifier?.partition === 'string' && typeof offset === 'number' && Number.isInteger(offset)
      ? { partition: identifier.partition, offset }
      : UNREADABLE;
  });
}

/** AWS fails the whole batch when an identifier names a record that was not in the event. */
export function invalidItemFailures(failures: ItemFailure[], records: { key: string; offset: number }[]): boolean {
  const delivered = new Set(records.map((record) => `${record.key}@${record.offset}`));
  return failures.some((failure) => !delivered.has(`${failure.partition}@${failure.offset}`));
}
