// `npm start` runs this first (prestart): builds dist/ (`npm run build`) when
// it is missing or older than any source file, so `npm ci && npm start` works
// on a fresh clone. An installation without the sources (a container image)
// serves the dist/ it has.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stamp = path.join(root, "dist", "build.json");
const SOURCES = ["src", "dialogs", "web-widget/src", "agent-console/src", "package.json", "package-lock.json"];

/** The newest modification time under a file or folder (0 when absent). */
function newest(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const entry of readdirSync(p)) max = Math.max(max, newest(path.join(p, entry)));
  return max;
}

const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const sourcesThere = existsSync(path.join(root, "src", "main.ts"));
if (!sourcesThere) {
  if (built === 0) {
    process.stderr.write("dist/ is missing and there are no sources to build it from\n");
    process.exit(1);
  }
  process.exit(0);
}
const changed = Math.max(...SOURCES.map((s) => newest(path.join(root, s))));
if (built > 0 && changed <= built) process.exit(0);

process.stdout.write(built === 0 ? "dist/ is missing: building\n" : "sources changed since the last build: building\n");
const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/build.ts"], { cwd: root, stdio: "inherit" });
process.exit(result.status ?? 1);
