import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { BUILT_ASSETS_DIR, INSTALL_ROOT } from "../../config/install-paths.js";
import { bundleBrowserScript } from "./browser-bundle.js";

/**
 * Builds the website widget (web-widget/src → web-widget/dist/widget.js) with
 * esbuild: one minified IIFE, Socket.IO client included, for browsers from
 * about 2019 on. `npm run build` builds it once into dist/public/widget.js,
 * which the compiled server serves; run from sources (`npm run dev`, tests)
 * the server rebuilds in-process when the file is missing or older than its
 * sources.
 */
export const WIDGET_ROOT = path.join(INSTALL_ROOT, "web-widget");
export const WIDGET_SRC = path.join(WIDGET_ROOT, "src");
export const WIDGET_ENTRY = path.join(WIDGET_SRC, "index.ts");
export const WIDGET_OUT = path.join(WIDGET_ROOT, "dist", "widget.js");
/** Where `npm run build` writes the widget the compiled server serves. */
export const BUILT_WIDGET = path.join(BUILT_ASSETS_DIR, "widget.js");

/** The budget for widget.js, gzipped. */
export const WIDGET_MAX_GZIP_BYTES = 40 * 1024;

export interface WidgetBundle {
  code: Buffer;
  gzip: Buffer;
}

export async function buildWidget(options: { write?: boolean; outFile?: string } = {}): Promise<WidgetBundle> {
  const code = await bundleBrowserScript(WIDGET_ENTRY, ["es2019", "chrome80", "firefox78", "safari13"], "the widget");
  const bundle = { code, gzip: gzipSync(code, { level: 9 }) };
  if (options.write !== false) {
    const out = options.outFile ?? WIDGET_OUT;
    mkdirSync(path.dirname(out), { recursive: true });
    // Write then rename, so a concurrent reader never sees half a file.
    const tmp = `${out}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(tmp, code);
    renameSync(tmp, out);
  }
  return bundle;
}

/** True when widget.js is missing or older than any of its sources. */
export function widgetIsStale(out = WIDGET_OUT, srcDir = WIDGET_SRC): boolean {
  let built: number;
  try {
    built = statSync(out).mtimeMs;
  } catch {
    return true;
  }
  const newest = (dir: string): number => {
    let max = 0;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      max = Math.max(max, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }
    return max;
  };
  try {
    return newest(srcDir) > built;
  } catch {
    return false; // sources not shipped: serve what was built
  }
}
