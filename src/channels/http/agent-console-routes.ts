import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type restify from "restify";
import { BUILT_ASSETS_DIR, INSTALL_ROOT, RUNS_FROM_BUILD } from "../../config/install-paths.js";
import type { Logger } from "../../observability/logger.js";
import { bundleBrowserScript } from "./browser-bundle.js";

/**
 * The agent console: GET /agent-console/ serves agent-console/index.html,
 * /agent-console/console.js is agent-console/src/main.ts and
 * /agent-console/compliance.js agent-console/src/compliance/main.ts, each
 * bundled with esbuild (in memory, once per process; the compiled server
 * serves the bundles `npm run build` made, dist/public/console.js and
 * dist/public/compliance.js), and any other file in agent-console/ (not
 * src/) is served as it is — e.g. compliance.html. Every response carries
 * an ETag (a hash of the content): browsers revalidate and get 304 while
 * nothing changed.
 */
export const AGENT_CONSOLE_ROOT = path.join(INSTALL_ROOT, "agent-console");
/** The browser bundles of agent-console/src, by the name they are served and built under. */
const BUNDLES = {
  "console.js": path.join(AGENT_CONSOLE_ROOT, "src", "main.ts"),
  "compliance.js": path.join(AGENT_CONSOLE_ROOT, "src", "compliance", "main.ts"),
} as const;
export type ConsoleBundle = keyof typeof BUNDLES;
export const CONSOLE_BUNDLES = Object.keys(BUNDLES) as ConsoleBundle[];
/** Where `npm run build` writes the console bundle. */
export const BUILT_CONSOLE = path.join(BUILT_ASSETS_DIR, "console.js");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/** Pages here show customer text: scripts only from this server, no framing. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const SAFE_PATH = /^(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*\/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;

export function bundleConsole(name: ConsoleBundle = "console.js"): Promise<Buffer> {
  return bundleBrowserScript(BUNDLES[name], ["es2020"], `the agent console's ${name}`);
}

export function registerAgentConsoleRoutes(server: restify.Server, logger: Logger): void {
  const bundles = new Map<ConsoleBundle, Promise<Buffer>>();
  const script = (name: ConsoleBundle) => {
    let bundle = bundles.get(name);
    if (!bundle) {
      bundle = RUNS_FROM_BUILD ? readFile(path.join(BUILT_ASSETS_DIR, name)) : bundleConsole(name);
      bundles.set(name, bundle);
      bundle.catch((err: unknown) => {
        logger.error({ err, bundle: name }, "agent console build failed");
        bundles.delete(name);
      });
    }
    return bundle;
  };

  const send = (req: restify.Request, res: restify.Response, body: Buffer, file: string) => {
    const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
    const type = TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
    res.setHeader("content-type", type);
    res.setHeader("cache-control", "no-cache");
    res.setHeader("x-content-type-options", "nosniff");
    res.setHeader("referrer-policy", "no-referrer");
    if (type.startsWith("text/html")) {
      res.setHeader("content-security-policy", CSP);
      res.setHeader("x-frame-options", "DENY");
    }
    res.setHeader("etag", etag);
    if (req.header("if-none-match") === etag) {
      res.writeHead(304);
      res.end();
      return;
    }
    res.setHeader("content-length", String(body.length));
    res.writeHead(200);
    res.end(body);
  };

  const notFound = (res: restify.Response) => {
    res.setHeader("content-type", "text/plain; charset=utf-8");
    res.writeHead(404);
    res.end("not found");
  };

  server.get("/agent-console", async (_req, res) => {
    res.setHeader("location", "/agent-console/");
    res.writeHead(301);
    res.end();
  });

  server.get("/agent-console/*", async (req, res) => {
    // The router has decoded the path once; decoding again turned "%25E0" into a URIError (a 500).
    const rest = String((req.params as Record<string, string>)["*"] ?? "");
    const relative = rest === "" ? "index.html" : rest;
    if (Object.hasOwn(BUNDLES, relative)) {
      try {
        send(req, res, await script(relative as ConsoleBundle), relative);
      } catch {
        res.setHeader("content-type", "text/plain; charset=utf-8");
        res.writeHead(503);
        res.end("the agent console could not be built; see the server log");
      }
      return;
    }
    if (!SAFE_PATH.test(relative) || relative.startsWith("src/") || relative.split("/").includes("..")) {
      notFound(res);
      return;
    }
    const file = path.join(AGENT_CONSOLE_ROOT, relative);
    if (!file.startsWith(AGENT_CONSOLE_ROOT + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      notFound(res);
      return;
    }
    send(req, res, readFileSync(file), file);
  });
}
