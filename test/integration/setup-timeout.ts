// Integration tests wait on real brokers and processes; their own deadlines (45 s by default) are tighter than this.
jest.setTimeout(120_000);
