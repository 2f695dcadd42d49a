import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const guards = resolve("src/observability/process-guards.ts");
const logger = resolve("src/observability/logger.ts");

/** Runs a small script under tsx that installs the guards and then fails in the given way. */
function runFailing(failure: string): Promise<{ code: number | null; lines: Record<string, unknown>[] }> {
  const dir = mkdtempSync(join(tmpdir(), "skranke-guards-"));
  const script = join(dir, "fail.ts");
  writeFileSync(
    script,
    `import { createLogger } from ${JSON.stringify(logger)};
import { installProcessGuards } from ${JSON.stringify(guards)};
installProcessGuards(createLogger("info"));
setTimeout(() => { ${failure} }, 10);
setTimeout(() => { console.log(JSON.stringify({ survived: true })); }, 2000);
`,
  );
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      const lines = out
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      done({ code, lines });
    });
  });
}

describe("process guards", () => {
  it("log an uncaught exception with its stack as one fatal JSON line and exit 1", async () => {
    const { code, lines } = await runFailing('throw new Error("boom at the cause");');
    expect(code).toBe(1);
    const fatal = lines.find((line) => line.level === 60);
    expect(fatal?.kind).toBe("uncaught exception");
    expect(fatal?.err).toMatchObject({ message: "boom at the cause", stack: expect.stringContaining("fail.ts") });
    expect(lines.some((line) => line.survived)).toBe(false);
  }, 30_000);

  it("treat an unhandled rejection the same way", async () => {
    const { code, lines } = await runFailing('void Promise.reject(new Error("nobody awaited me"));');
    expect(code).toBe(1);
    const fatal = lines.find((line) => line.level === 60);
    expect(fatal?.kind).toBe("unhandled rejection");
    expect(fatal?.err).toMatchObject({ message: "nobody awaited me" });
  }, 30_000);
});
