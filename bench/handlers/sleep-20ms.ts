/** The Queue scenario's slow function: 20 ms per invocation, like a handler waiting on a database or an API. */
export const handler = async (): Promise<void> => {
  await new Promise((resolve) => setTimeout(resolve, 20));
};
