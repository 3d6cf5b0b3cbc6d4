/**
 * The most bytes each function's minified bundle may take. The package template test fails a
 * deploy build that grows past them; `npm run bench` holds its bundle figures to them.
 */
export const BUNDLE_BUDGET_BYTES: Readonly<Record<string, number>> = {
  createMessage: 420_000,
  // Both carry the DynamoDB client, bundled since it loads faster so (serverless.yml, custom.esbuild).
  processNotifications: 800_000,
  listNotifications: 440_000,
};
