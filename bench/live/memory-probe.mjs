import { writeHeapSnapshot } from "node:v8";

/**
 * Preloaded into a process under measurement (`node --expose-gc --import
 * ./bench/live/memory-probe.mjs …`, spawned with an IPC channel): on
 * `{ type: "memory" }` it collects garbage and answers process.memoryUsage();
 * on `{ type: "snapshot", file }` it writes a heap snapshot there. Benchmark
 * only; the product never loads it.
 */
const gc = globalThis.gc;

if (process.send) {
  process.channel?.unref();
  process.on("message", (m) => {
    if (m?.type === "memory") {
      if (!gc) {
        process.send?.({ type: "memory", error: "start node with --expose-gc" });
        return;
      }
      // Twice: the first pass runs finalisers that free more for the second.
      gc();
      gc();
      process.send?.({ type: "memory", ...process.memoryUsage() });
    } else if (m?.type === "snapshot") {
      gc?.();
      process.send?.({ type: "snapshot", file: writeHeapSnapshot(m.file) });
    }
  });
}
