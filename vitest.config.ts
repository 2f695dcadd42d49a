import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits on a page or a server that writes to the database
    // first; vitest's 1 s default fails spuriously when the disk is busy.
    // A condition that never holds still fails, after 10 s.
    expect: { poll: { timeout: 10_000 } },
    // Database suites share one SQLite file or PostgreSQL schema per worker;
    // two workers on a 2-core machine keep the run short without contention.
    maxWorkers: 2,
    pool: "forks",
  },
});
