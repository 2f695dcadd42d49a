import { createHash } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import { bundleConsole } from "../src/channels/http/agent-console-routes.js";
import { buildWidget, WIDGET_MAX_GZIP_BYTES } from "../src/channels/http/widget-bundle.js";
import { BUILD_DIR, BUILT_ASSETS_DIR, INSTALL_ROOT } from "../src/config/install-paths.js";

/**
 * `npm run build`: the server and its command-line tools compiled to
 * JavaScript in dist/ (esbuild, one ES module per entry point plus shared
 * chunks, source maps, dependencies left in node_modules), and the browser
 * bundles built once: dist/public/widget.js, dist/public/console.js and
 * dist/public/compliance.js.
 * The Prisma clients (src/storage/generated) are compiled in, so a
 * production install needs no Prisma CLI. dist/build.json lists what was
 * built, with content hashes.
 */
const SERVER_ENTRIES = ["main", "cli/migrate", "cli/user", "cli/purge", "cli/compliance", "cli/ask", "cli/eval"];

const started = Date.now();
rmSync(BUILD_DIR, { recursive: true, force: true });
mkdirSync(BUILT_ASSETS_DIR, { recursive: true });

await esbuild.build({
  absWorkingDir: INSTALL_ROOT,
  entryPoints: Object.fromEntries(SERVER_ENTRIES.map((e) => [e, `src/${e}.ts`])),
  outdir: BUILD_DIR,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  sourcemap: "linked",
  sourcesContent: false,
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
});

const hash = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const widget = await buildWidget({ outFile: path.join(BUILT_ASSETS_DIR, "widget.js") });
const consoleJs = await bundleConsole("console.js");
writeFileSync(path.join(BUILT_ASSETS_DIR, "console.js"), consoleJs);
const complianceJs = await bundleConsole("compliance.js");
writeFileSync(path.join(BUILT_ASSETS_DIR, "compliance.js"), complianceJs);

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
writeFileSync(
  path.join(BUILD_DIR, "build.json"),
  `${JSON.stringify(
    {
      builtAt: new Date().toISOString(),
      entries: SERVER_ENTRIES.map((e) => `${e}.js`),
      assets: {
        "widget.js": { bytes: widget.code.length, sha256: hash(widget.code) },
        "console.js": { bytes: consoleJs.length, sha256: hash(consoleJs) },
        "compliance.js": { bytes: complianceJs.length, sha256: hash(complianceJs) },
      },
    },
    null,
    2,
  )}\n`,
);
process.stdout.write(
  `built dist/ in ${Date.now() - started} ms: ${SERVER_ENTRIES.length} entry points, ` +
    `widget.js ${kb(widget.code.length)} (${kb(widget.gzip.length)} gzipped), ` +
    `console.js ${kb(consoleJs.length)} (${kb(gzipSync(consoleJs).length)} gzipped), ` +
    `compliance.js ${kb(complianceJs.length)} (${kb(gzipSync(complianceJs).length)} gzipped)\n`,
);
if (widget.gzip.length > WIDGET_MAX_GZIP_BYTES) {
  process.stderr.write(`widget.js is over its budget of ${kb(WIDGET_MAX_GZIP_BYTES)} gzipped\n`);
  process.exit(1);
}
