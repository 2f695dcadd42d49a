/**
 * Bundles one browser entry point (the widget, the agent console) into a
 * single minified IIFE script in memory with esbuild. Loaded lazily: esbuild
 * is only needed when a bundle is (re)built.
 */
export async function bundleBrowserScript(entry: string, target: string[], what: string): Promise<Buffer> {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: "iife",
    platform: "browser",
    target,
    minify: true,
    legalComments: "none",
    charset: "utf8",
    write: false,
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"' },
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild produced no output for ${what}`);
  return Buffer.from(file.contents);
}
