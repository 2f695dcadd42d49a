import { buildWidget, WIDGET_MAX_GZIP_BYTES, WIDGET_OUT } from "../channels/http/widget-bundle.js";

/**
 * `npm run build:widget` (and `npm start`, before the server): builds
 * web-widget/dist/widget.js and prints its size. Over the size budget it
 * warns; with --check it fails (the test suite checks the budget too).
 */
const { code, gzip } = await buildWidget();
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
process.stdout.write(`widget: ${WIDGET_OUT} ${kb(code.length)} (${kb(gzip.length)} gzipped)\n`);
if (gzip.length > WIDGET_MAX_GZIP_BYTES) {
  process.stderr.write(`widget.js is over its budget of ${kb(WIDGET_MAX_GZIP_BYTES)} gzipped\n`);
  if (process.argv.includes("--check")) process.exit(1);
}
