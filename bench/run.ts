/**
 * `npm run bench -- <name> [flags]`: runs one benchmark. Each benchmark is a
 * module in bench/ exporting `main(args)`. Never run from vitest.
 */
const BENCHMARKS: Record<string, () => Promise<{ main(args: string[]): Promise<void> }>> = {
  answering: () => import("./answering.js"),
  "answering-cv": () => import("./answering-cv.js"),
  "cpu-profile": () => import("./live/cpu-profile-summary.js"),
  "idle-memory": () => import("./idle-memory.js"),
  live: () => import("./live.js"),
  purge: () => import("./purge.js"),
  reports: () => import("./reports.js"),
  "statement-cost": () => import("./statement-cost.js"),
};

const [name, ...args] = process.argv.slice(2);
const load = name ? BENCHMARKS[name] : undefined;
if (!load) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHMARKS).join("|")}> [flags]\n`);
  process.exit(2);
}
try {
  await (await load()).main(args);
} catch (err) {
  process.stderr.write(`bench ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
