// After `npm ci`: generates the Prisma clients (both providers) into
// src/storage/generated. A production install (the packed package, with
// dist/ and without the TypeScript sources) needs no Prisma CLI: the clients
// are compiled into dist/.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cli = path.join(root, "node_modules", "prisma", "build", "index.js");
const checkout = ["prisma.config.ts", "prisma/models.prisma", "src/storage"].every((p) =>
  existsSync(path.join(root, p)),
);
if (!checkout || !existsSync(cli)) {
  process.stdout.write("prisma generate skipped: no sources or no Prisma CLI (the clients are built into dist/)\n");
  process.exit(0);
}
for (const provider of ["sqlite", "postgresql"]) {
  const result = spawnSync(process.execPath, [cli, "generate"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, PRISMA_PROVIDER: provider },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
