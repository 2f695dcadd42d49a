// `npm run test:production-install`: proves that a production install works
// with nothing but the packed package and its built dist/: `npm run build`,
// `npm pack`, then in a temp folder `npm ci --omit=dev` (no tsx, esbuild,
// typescript or Prisma CLI), `node dist/cli/migrate.js`, and the server
// started as the container starts it (`node dist/main.js`) on a free port:
// /readyz, /widget.js and the agent console's bundle must answer 200, and
// SIGTERM must stop it with exit code 0. The Dockerfile runs the same steps.
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const keep = process.argv.includes("--keep");
const work = mkdtempSync(path.join(os.tmpdir(), "skranke-production-"));
const app = path.join(work, "package");
const started = Date.now();
const say = (msg) =>
  process.stdout.write(`[production-install ${((Date.now() - started) / 1000).toFixed(1)} s] ${msg}\n`);
const run = (cmd, args, cwd, env = {}) =>
  execFileSync(cmd, args, { cwd, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, ...env } });

let server;
try {
  say("npm run build");
  run("npm", ["run", "--silent", "build"], root);
  say("npm pack");
  const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", work], { cwd: root, encoding: "utf8" })
    .trim()
    .split("\n")
    .at(-1);
  run("tar", ["-xzf", path.join(work, tarball), "-C", work], work);
  copyFileSync(path.join(root, "package-lock.json"), path.join(app, "package-lock.json"));
  for (const needed of [
    "dist/main.js",
    "dist/public/widget.js",
    "dist/public/console.js",
    "dist/public/compliance.js",
    "prisma/sqlite/migrations",
  ]) {
    if (!existsSync(path.join(app, needed))) throw new Error(`the packed package has no ${needed}`);
  }
  if (existsSync(path.join(app, "src"))) throw new Error("the packed package carries the TypeScript sources");

  // --omit=optional too: npm otherwise installs the Prisma CLI and TypeScript, optional peers of
  // @prisma/client that are dev dependencies here (harmless, but 100 MB the server never loads).
  say("npm ci --omit=dev --omit=optional");
  run("npm", ["ci", "--omit=dev", "--omit=optional", "--no-audit", "--no-fund", "--loglevel=error"], app, {
    NODE_ENV: "production",
  });
  const modules = readdirSync(path.join(app, "node_modules"));
  const devOnly = ["tsx", "esbuild", "typescript", "prisma", "vitest", "@biomejs"].filter((m) => modules.includes(m));
  if (devOnly.length > 0) throw new Error(`--omit=dev still installed ${devOnly.join(", ")}`);

  const env = {
    NODE_ENV: "production",
    DATABASE_URL: `file:${path.join(work, "data", "skranke.db")}`,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
  };
  say("node dist/cli/migrate.js");
  run(process.execPath, ["dist/cli/migrate.js"], app, env);

  say("node dist/main.js");
  server = spawn(process.execPath, ["--enable-source-maps", "dist/main.js"], {
    cwd: app,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  server.stdout.on("data", (d) => {
    out += d;
  });
  server.stderr.on("data", (d) => {
    out += d;
  });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 60 s:\n${out}`)), 60_000);
    server.stdout.on("data", () => {
      const m = /"port":(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    server.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${out}`));
    });
  });
  say(`listening on ${port}`);
  const base = `http://127.0.0.1:${port}`;
  const ready = await fetch(`${base}/readyz`);
  const body = await ready.json();
  if (ready.status !== 200 || body.status !== "ready")
    throw new Error(`/readyz: ${ready.status} ${JSON.stringify(body)}`);
  for (const asset of [
    "/widget.js",
    "/agent-console/console.js",
    "/agent-console/compliance.js",
    "/agent-console/",
    "/",
  ]) {
    const res = await fetch(`${base}${asset}`);
    const text = await res.text();
    if (res.status !== 200 || text.length < 100) throw new Error(`${asset}: ${res.status}, ${text.length} bytes`);
  }
  if (/building|esbuild/i.test(out)) throw new Error(`the built server rebuilt a bundle at run time:\n${out}`);

  const code = await new Promise((resolve) => {
    server.once("exit", (c) => resolve(c));
    server.kill("SIGTERM");
  });
  server = undefined;
  if (code !== 0) throw new Error(`the server exited with ${code} on SIGTERM:\n${out}`);
  say("ok: installed without dev dependencies, migrated, served /readyz 200, stopped cleanly");
} catch (err) {
  process.stderr.write(`production install check FAILED: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  if (server) server.kill("SIGKILL");
  if (keep) say(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
