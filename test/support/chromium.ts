import { existsSync } from "node:fs";

/**
 * Headless Debian Chromium for the browser tests, driven by playwright-core
 * (never a downloaded browser). Without it the browser suites skip with a
 * message, unless SKRANKE_REQUIRE_BROWSER=1 (CI), where that is a failure.
 */
export const CHROMIUM = process.env.SKRANKE_CHROMIUM ?? "/usr/bin/chromium";

/** Flags for a closed network: no background connections, no sandbox (root), no GPU. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** True when `suite` must skip because Chromium is missing (and says why); throws under SKRANKE_REQUIRE_BROWSER=1. */
export function chromiumMissing(suite: string): boolean {
  if (existsSync(CHROMIUM)) return false;
  const why = `${CHROMIUM} is not installed (apt-get install -y chromium)`;
  if (process.env.SKRANKE_REQUIRE_BROWSER === "1") {
    throw new Error(`${why}, and SKRANKE_REQUIRE_BROWSER=1 makes that a failure`);
  }
  console.warn(`Skipping ${suite}: ${why}. Set SKRANKE_REQUIRE_BROWSER=1 to make this a failure.`);
  return true;
}
