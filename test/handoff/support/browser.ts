import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissing } from "../../support/chromium.js";

export { CHROMIUM } from "../../support/chromium.js";

export function browserMissing(): boolean {
  return chromiumMissing("the agent console browser tests");
}

export async function launch(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "skranke-console-chromium-"));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    // So axe-core can be injected; the XSS checks then rely on the console's text-only rendering alone.
    bypassCSP: true,
    locale: "nb-NO",
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
