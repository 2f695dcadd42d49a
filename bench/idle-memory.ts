import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { closeAll, connectMany } from "./live/customers.js";
import { freshDatabase } from "./live/fresh-database.js";
import { type MeasuredProcess, ROOT, startEcho, startSkranke } from "./live/processes.js";
import { round } from "./live/stats.js";

/**
 * `npm run bench -- idle-memory`: what one idle /widget connection costs,
 * Skranke beside the bare Socket.IO echo server (same versions and options)
 * in the same run. Each server runs with --expose-gc and a probe
 * (bench/live/memory-probe.mjs) that collects garbage before reading
 * process.memoryUsage(), so the heap figures are live objects only; RSS is
 * read from /proc as well.
 *
 *   --connections 2000     idle widget connections per server
 *   --concurrency 100      of which connecting at once
 *   --db sqlite|postgresql Skranke's database (a fresh one)
 *   --heap-snapshot        also write a heap snapshot of each server with the connections open (bench/out/)
 */
interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

interface Row {
  target: string;
  connections: number;
  failed: number;
  before: Memory;
  after: Memory;
  /** After the clients closed and the server had time to forget them. */
  closed: Memory;
}

function memory(server: MeasuredProcess): Promise<Memory> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${server.name}: no memory reading`)), 60_000);
    const listener = (m: { type?: string; error?: string } & Partial<Memory>) => {
      if (m?.type !== "memory") return;
      clearTimeout(timer);
      server.child.off("message", listener);
      if (m.error) return reject(new Error(m.error));
      resolve({
        rss: server.rssBytes(),
        heapUsed: m.heapUsed ?? 0,
        external: m.external ?? 0,
        arrayBuffers: m.arrayBuffers ?? 0,
      });
    };
    server.child.on("message", listener);
    server.child.send({ type: "memory" });
  });
}

function snapshot(server: MeasuredProcess, file: string): Promise<string> {
  return new Promise((resolve) => {
    const listener = (m: { type?: string; file?: string }) => {
      if (m?.type !== "snapshot") return;
      server.child.off("message", listener);
      resolve(String(m.file));
    };
    server.child.on("message", listener);
    server.child.send({ type: "snapshot", file });
  });
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(
  server: MeasuredProcess,
  connections: number,
  concurrency: number,
  heapSnapshotDir: string | null,
): Promise<Row> {
  // A first connection warms up what every connection shares (code, caches, statements).
  const warm = await connectMany([server.url], 20, 20);
  closeAll(warm.customers);
  await settle(2000);
  const before = await memory(server);
  const { customers, failures } = await connectMany([server.url], connections, concurrency);
  // Bot welcomes and their writes finish; then the connections just sit there.
  await settle(5000);
  const after = await memory(server);
  if (heapSnapshotDir) {
    const file = await snapshot(server, path.join(heapSnapshotDir, `idle-${server.name}.heapsnapshot`));
    process.stdout.write(`heap snapshot: ${file}\n`);
  }
  closeAll(customers);
  await settle(5000);
  const closed = await memory(server);
  return { target: server.name, connections: customers.length, failed: failures.length, before, after, closed };
}

const kb = (bytes: number, n: number) => (n > 0 ? round(bytes / 1024 / n, 1) : Number.NaN);
const mb = (bytes: number) => round(bytes / 2 ** 20, 1);

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      connections: { type: "string", default: "2000" },
      concurrency: { type: "string", default: "100" },
      db: { type: "string", default: "sqlite" },
      "heap-snapshot": { type: "boolean", default: false },
    },
  });
  const connections = Number(values.connections);
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(connections) || connections < 1 || connections > 50_000) {
    throw new Error("--connections must be a whole number from 1 to 50000");
  }
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 2000) {
    throw new Error("--concurrency must be a whole number from 1 to 2000");
  }
  if (values.db !== "sqlite" && values.db !== "postgresql") throw new Error("--db must be sqlite or postgresql");
  const out = path.join(ROOT, "bench/out");
  mkdirSync(out, { recursive: true });
  const snapshots = values["heap-snapshot"] ? out : null;
  const nodeArgs = ["--expose-gc", "--import", "./bench/live/memory-probe.mjs"];
  const rows: Row[] = [];

  const echo = await startEcho(nodeArgs, { ipc: true });
  try {
    rows.push(await measure(echo, connections, concurrency, snapshots));
  } finally {
    await echo.stop();
  }
  const db = await freshDatabase(values.db);
  const skranke = await startSkranke("skranke", { ...db.env, LOG_LEVEL: "info", SKRANKE_PURGE_HOUR: "off" }, nodeArgs, {
    ipc: true,
  });
  try {
    rows.push(await measure(skranke, connections, concurrency, snapshots));
  } finally {
    await skranke.stop();
    await db.drop();
  }

  const lines = [
    `# idle-memory ${new Date().toISOString()}: db=${values.db}, ${connections} connections, ${concurrency} at once`,
    "",
    "| server | connections (failed) | RSS before → after MB | RSS KB per connection | heap after GC before → after MB | heap KB per connection | external + array buffers KB per connection | heap after closing MB |",
    "|---|---|---|---|---|---|---|---|",
    ...rows.map((r) => {
      const n = r.connections;
      const ext = r.after.external - r.before.external;
      return `| ${r.target} | ${n} (${r.failed}) | ${mb(r.before.rss)} → ${mb(r.after.rss)} | ${kb(r.after.rss - r.before.rss, n)} | ${mb(r.before.heapUsed)} → ${mb(r.after.heapUsed)} | ${kb(r.after.heapUsed - r.before.heapUsed, n)} | ${kb(ext, n)} | ${mb(r.closed.heapUsed)} |`;
    }),
  ];
  const echoRow = rows[0];
  const skrankeRow = rows[1];
  if (echoRow && skrankeRow) {
    const perConn = (r: Row) => (r.after.heapUsed - r.before.heapUsed) / Math.max(1, r.connections);
    lines.push(
      "",
      `Skranke adds ${kb(perConn(skrankeRow) - perConn(echoRow), 1)} KB of live heap per idle connection over the echo server.`,
    );
  }
  process.stdout.write(`${lines.join("\n")}\n`);
  writeFileSync(path.join(out, `idle-memory-${Date.now()}.json`), JSON.stringify(rows, null, 2));
}
