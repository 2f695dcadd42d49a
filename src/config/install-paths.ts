import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where the installation is, whether the server runs from TypeScript
 * sources (tsx: `npm run dev`, tests) or from the compiled build in dist/
 * (`npm start`, the container). The code is bundled into dist/ at a
 * different depth than its source file, so paths to prisma/, web-widget/
 * and agent-console/ are taken from the installation root (the nearest
 * folder with a package.json), not from the module's own location.
 */
function installRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

const here = path.dirname(fileURLToPath(import.meta.url));

export const INSTALL_ROOT = installRoot(here);
/** dist/: the compiled server (`npm run build`). */
export const BUILD_DIR = path.join(INSTALL_ROOT, "dist");
/** The browser bundles built once by `npm run build` (widget.js, console.js). */
export const BUILT_ASSETS_DIR = path.join(BUILD_DIR, "public");
/** True when this code was loaded from dist/: browser bundles are then never rebuilt at run time. */
export const RUNS_FROM_BUILD = here === BUILD_DIR || here.startsWith(BUILD_DIR + path.sep);
