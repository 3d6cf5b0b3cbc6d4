// Integration tests wait on real brokers and processes; their own deadlines are tighter than this.
jest.setTimeout(120_000);
