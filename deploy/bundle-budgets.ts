/**
 * The most bytes each function's minified bundle may take. The package template test fails a
 * deploy build that grows past them; `npm run bench` holds its bundle figures to them.
 */
export const BUNDLE_BUDGET_BYTES: Readonly<Record<string, number>> = {
  createMessage: 840_000,
  processNotifications: 840_000,
  listNotifications: 540_000,
};
