/** Runs a CLI's `main` and exits with its code; an error becomes one readable line and exit 1. */
export function runCli(prefix: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(`[${prefix}] ${error.message}`);
      process.exit(1);
    },
  );
}
