/** The throughput scenario's function: returns at once, so the poller's own cost is what is measured. */
export const handler = async (): Promise<void> => undefined;
