import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Database suites share one SQLite file or PostgreSQL schema per worker;
    // two workers on a 2-core machine keep the run short without contention.
    maxWorkers: 2,
    pool: "forks",
  },
});
