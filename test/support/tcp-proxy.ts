import net from "node:net";

/**
 * A TCP proxy on 127.0.0.1 that a test controls, for database trouble
 * without touching the shared database server. "forward" passes bytes
 * both ways; "hang" accepts connections and never answers, and stops
 * forwarding on every connection open at that moment (a database that
 * hangs, or a network that silently drops packets). Connections opened
 * after going back to "forward" work again; the hung ones stay hung, as they
 * would after a real outage, until their owner gives up on them.
 */
export interface TcpProxy {
  port: number;
  mode(mode: "forward" | "hang"): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let current: "forward" | "hang" = "forward";
  const pairs = new Set<{ client: net.Socket; upstream?: net.Socket; live: boolean }>();
  const server = net.createServer((client) => {
    const pair: { client: net.Socket; upstream?: net.Socket; live: boolean } = { client, live: current === "forward" };
    pairs.add(pair);
    const forget = () => {
      pair.upstream?.destroy();
      client.destroy();
      pairs.delete(pair);
    };
    client.on("error", forget);
    client.on("close", forget);
    if (!pair.live) {
      // Accepted, read, never answered.
      client.on("data", () => {});
      return;
    }
    const upstream = net.connect(target.port, target.host);
    pair.upstream = upstream;
    upstream.on("error", forget);
    upstream.on("close", forget);
    client.on("data", (chunk) => {
      if (pair.live) upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      if (pair.live) client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    mode(mode) {
      current = mode;
      if (mode === "hang") for (const pair of pairs) pair.live = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const pair of pairs) {
          pair.upstream?.destroy();
          pair.client.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
