import { spawn } from "node:child_process";
import { io, type Socket } from "socket.io-client";
import { BENCH_ORG, type Customer, closeAll, connectCustomer } from "./customers.js";
import { ROOT } from "./processes.js";
import { type LatencySummary, summarise } from "./stats.js";

/**
 * Handoff with a growing queue: customers ask one question, then for a
 * person, one after another at `ratePerSecond`, until `waiting` are in the
 * queue. For each request: the time until the agent console's socket gets
 * a `queue:update` that names the new conversation, and the size of that
 * update in bytes (JSON), reported for the whole run and for the last
 * tenth (the longest queue).
 */
export interface HandoffResult {
  waiting: number;
  queued: number;
  errors: number;
  latency: LatencySummary;
  latencyLongestQueue: LatencySummary;
  bytesPerUpdate: { first: number; median: number; last: number };
}

const PASSWORD = "benchmark password 1234";

async function createAgent(env: NodeJS.ProcessEnv, email: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/cli/user.ts", "add", "--email", email, "--role", "agent", "--org", BENCH_ORG],
      { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.on("data", (d) => {
      out += String(d);
    });
    child.stderr.on("data", (d) => {
      out += String(d);
    });
    child.stdin.end(`${PASSWORD}\n`);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`user:add failed: ${out}`))));
  });
}

async function agentSocket(url: string, email: string): Promise<Socket> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const { token } = (await res.json()) as { token: string };
  const socket = io(`${url}/agent`, { auth: { token }, transports: ["websocket"], forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  await socket.timeout(10_000).emitWithAck("presence:set", { presence: "online" });
  return socket;
}

export async function runHandoffLatency(
  url: string,
  env: NodeJS.ProcessEnv,
  waiting: number,
  ratePerSecond: number,
): Promise<HandoffResult> {
  const email = `bench-${Date.now()}@dnb.test`;
  await createAgent(env, email);
  const agent = await agentSocket(url, email);
  const awaiting = new Map<string, number>(); // conversation id → when its handoff was requested
  const latencies: number[] = [];
  const bytes: number[] = [];
  agent.on("queue:update", (update: unknown) => {
    const json = JSON.stringify(update);
    bytes.push(Buffer.byteLength(json));
    for (const [conversationId, requestedAt] of awaiting) {
      if (json.includes(conversationId)) {
        latencies.push(performance.now() - requestedAt);
        awaiting.delete(conversationId);
      }
    }
  });
  const customers: Customer[] = [];
  let errors = 0;
  const start = performance.now();
  for (let i = 0; i < waiting; i++) {
    const due = start + (i * 1000) / ratePerSecond;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    try {
      const customer = await connectCustomer(url);
      customers.push(customer);
      const own = new Promise<string>((resolve) => {
        customer.socket.on("message", (m: { role?: string; conversationId?: string }) => {
          if (m?.role === "customer" && m.conversationId) resolve(m.conversationId);
        });
      });
      await customer.socket
        .timeout(10_000)
        .emitWithAck("message", { clientId: `h${i}`, text: "Jeg har et spørsmål om kortet mitt" });
      const conversationId = await own;
      awaiting.set(conversationId, performance.now());
      const ack = (await customer.socket.timeout(10_000).emitWithAck("handoff:request", {})) as {
        ok?: boolean;
        status?: string;
      };
      if (!ack?.ok || ack.status !== "queued") {
        errors++;
        awaiting.delete(conversationId);
      }
    } catch {
      errors++;
    }
  }
  const deadline = performance.now() + 10_000;
  while (awaiting.size > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  errors += awaiting.size;
  agent.close();
  closeAll(customers);
  const tail = latencies.slice(Math.floor(latencies.length * 0.9));
  const sortedBytes = [...bytes].sort((a, b) => a - b);
  return {
    waiting,
    queued: latencies.length,
    errors,
    latency: summarise(latencies),
    latencyLongestQueue: summarise(tail),
    bytesPerUpdate: {
      first: bytes[0] ?? 0,
      median: sortedBytes[Math.floor(sortedBytes.length / 2)] ?? 0,
      last: bytes[bytes.length - 1] ?? 0,
    },
  };
}
