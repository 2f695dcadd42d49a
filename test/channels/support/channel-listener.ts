import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Activity } from "botbuilder";
import { WAIT_MS } from "../../support/wait.js";

/**
 * A stand-in for a Bot Framework channel (the Emulator's service URL): a
 * node:http server (on 127.0.0.1 unless told another address) that accepts the bot's replies
 * (POST /v3/conversations/:id/activities[/:replyToId]) and keeps them.
 */
export class ChannelListener {
  readonly received: Array<Partial<Activity> & { path: string }> = [];
  private server: Server | undefined;
  private waiters: Array<() => void> = [];
  url = "";

  /** Every request that arrived, whatever its path (a server that must not be called checks this). */
  readonly requests: string[] = [];

  async start(host = "127.0.0.1"): Promise<void> {
    this.server = createServer(async (req, res) => {
      this.requests.push(`${req.method} ${req.url}`);
      const body = await readBody(req);
      if (req.method === "POST" && /^\/v3\/conversations\/[^/]+\/activities/.test(req.url ?? "")) {
        const activity = JSON.parse(body) as Partial<Activity>;
        this.received.push({ ...activity, path: req.url ?? "" });
        for (const wake of this.waiters.splice(0)) wake();
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ id: `reply-${this.received.length}` }));
        return;
      }
      res.writeHead(404).end();
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    this.url = `http://${host}:${(server.address() as AddressInfo).port}`;
  }

  /** Message texts received so far (all, or for one conversation). */
  texts(conversationId?: string): string[] {
    return this.received
      .filter((a) => a.type === "message" && (!conversationId || a.conversation?.id === conversationId))
      .map((a) => a.text ?? "");
  }

  /** Waits until `count` messages arrived (for proactive sends, which do not answer the POST). */
  async waitForMessages(count: number, timeoutMs = WAIT_MS): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.texts().length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} messages, got ${JSON.stringify(this.texts())}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.texts();
  }

  clear(): void {
    this.received.splice(0);
    this.requests.splice(0);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      data += chunk;
    });
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}
