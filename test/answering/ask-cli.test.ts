import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(".");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const env = {
  ...process.env,
  SKRANKE_KNOWLEDGE_DIR: path.join(ROOT, "test/fixtures/knowledge-basic"),
  // Empty means unset: these tests never reach a real Azure OpenAI deployment.
  AZURE_OPENAI_ENDPOINT: "",
  AZURE_OPENAI_API_KEY: "",
  AZURE_OPENAI_DEPLOYMENT: "",
};

function ask(args: string[], input?: string) {
  const r = spawnSync(TSX, ["src/cli/ask.ts", ...args], { cwd: ROOT, env, input, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("ask command", () => {
  it("prints only the answer text for a person", () => {
    const r = ask(["--org", "alpha-it", "hva er telefonnummeret?"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Du kan ringe Alpha IT på 71 11 22 33.\n");
  });

  it("prints one JSON object with --json", () => {
    const r = ask(["--json", "--org=beta-bank", "when are you open?"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(["action", "choices", "confidence", "lang", "sources", "text"]);
    expect(out).toMatchObject({ action: "answer", sources: ["beta-bank.hours.opening"], lang: "en" });
  });

  it("answers --jsonl line by line, in order, with an error line for each bad input", () => {
    const lines = [
      JSON.stringify({ q: "menneske!!" }),
      JSON.stringify({ q: "telefon", org: "nope" }),
      "{not json",
      JSON.stringify({ q: "  " }),
      "",
      JSON.stringify({ q: "Når har dere åpent?" }),
      JSON.stringify({ q: "hva er 2+2", org: "alpha-it" }),
    ];
    const r = ask(["--jsonl"], `${lines.join("\n")}\n`);
    const out = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(6);
    expect(out[0]).toMatchObject({ action: "handoff", sources: [], choices: [] });
    expect(out[1].error).toMatch(/unknown organisation "nope"/);
    expect(out[2].error).toMatch(/malformed JSON/);
    expect(out[3].error).toMatch(/empty/);
    expect(out[4]).toMatchObject({ action: "clarify" });
    expect(out[4].choices.length).toBeGreaterThanOrEqual(2);
    expect(out[5]).toMatchObject({ action: "fallback", lang: "nb" });
    for (const o of [out[0], out[4], out[5]]) {
      expect(o.confidence).toBeGreaterThanOrEqual(0);
      expect(o.confidence).toBeLessThanOrEqual(1);
    }
    expect(r.stderr).toMatch(/line 2: unknown organisation/);
    expect(r.stderr).toMatch(/line 3: malformed JSON/);
    expect(r.code).toBe(2);
  });

  it.each([
    [["--org", "nope", "hei"], /unknown organisation "nope"/],
    [["--verbose", "hei"], /unknown option --verbose/],
    [[], /no question given/],
    [["--org"], /--org needs a value/],
    [["--jsonl", "hei"], /give no question/],
    [["--lang", "de", "hei"], /lang must be "nb" or "en"/],
  ])("rejects %j with exit code 2 and a message on stderr", (args, message) => {
    const r = ask(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
  });
});

/** Runs ask without blocking the event loop (the fake Azure OpenAI server lives in this process). */
function askAsync(args: string[], extraEnv: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(TSX, ["src/cli/ask.ts", ...args], { cwd: ROOT, env: { ...env, ...extraEnv } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("ask command with Azure OpenAI configured", () => {
  it("lets the deployment pick among the candidates of a low-confidence question", async () => {
    let calls = 0;
    const server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        calls++;
        if (!req.url?.startsWith("/openai/deployments/skranke-test/chat/completions")) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            id: "x",
            object: "chat.completion",
            created: 0,
            model: "m",
            choices: [
              {
                index: 0,
                finish_reason: "stop",
                message: { role: "assistant", content: '{"entryId":"alpha-it.faults.report"}' },
              },
            ],
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const azure = {
        AZURE_OPENAI_ENDPOINT: `http://127.0.0.1:${port}`,
        AZURE_OPENAI_API_KEY: "test-key",
        AZURE_OPENAI_DEPLOYMENT: "skranke-test",
      };
      const r = await askAsync(["--json", "--org", "alpha-it", "pcen lager rare lyder"], azure);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ action: "answer", sources: ["alpha-it.faults.report"] });
      expect(calls).toBe(1);

      const bad = await askAsync(["--org", "alpha-it", "hei"], { ...azure, AZURE_OPENAI_DEPLOYMENT: "" });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/AZURE_OPENAI_DEPLOYMENT/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
