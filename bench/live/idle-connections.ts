import { closeAll, connectMany } from "./customers.js";
import type { MeasuredProcess } from "./processes.js";
import { type LatencySummary, summarise } from "./stats.js";

/**
 * Idle widget connections: the server's resident memory before and after
 * `count` customers connected (and did nothing), and how long opening one
 * takes while `concurrency` others are connecting.
 */
export interface IdleResult {
  target: string;
  connections: number;
  failed: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  kbPerConnection: number;
  connect: LatencySummary;
}

export async function runIdleConnections(
  server: MeasuredProcess,
  count: number,
  concurrency: number,
): Promise<IdleResult> {
  await new Promise((r) => setTimeout(r, 1000));
  const before = server.rssBytes();
  const { customers, failures } = await connectMany([server.url], count, concurrency);
  await new Promise((r) => setTimeout(r, 3000));
  const after = server.rssBytes();
  const result: IdleResult = {
    target: server.name,
    connections: customers.length,
    failed: failures.length,
    rssBeforeMb: before / 2 ** 20,
    rssAfterMb: after / 2 ** 20,
    kbPerConnection: customers.length ? (after - before) / 1024 / customers.length : Number.NaN,
    connect: summarise(customers.map((c) => c.connectMs)),
  };
  closeAll(customers);
  return result;
}
