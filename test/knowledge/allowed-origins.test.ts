import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { formatProblem, KnowledgeLoadError, loadKnowledgeBase } from "../../src/core/knowledge/index.js";

const FIXTURE = path.resolve("test/fixtures/knowledge-basic");
const temps: string[] = [];

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the fixture base with alpha-it's allowedOrigins set to `value`. */
function withAllowedOrigins(value: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), "skranke-origins-"));
  temps.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  const file = path.join(dir, "alpha-it", "organisation.json");
  const org = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  org.allowedOrigins = value;
  writeFileSync(file, JSON.stringify(org, null, 2));
  return dir;
}

function problems(dir: string): string[] {
  try {
    loadKnowledgeBase(dir);
  } catch (err) {
    if (err instanceof KnowledgeLoadError) return err.problems.map(formatProblem);
    throw err;
  }
  throw new Error("expected loading to fail");
}

describe("allowedOrigins in organisation.json", () => {
  it("keeps the listed sites as the origins browsers send", () => {
    const kb = loadKnowledgeBase(
      withAllowedOrigins([
        "https://www.alpha.example",
        "HTTPS://Alpha.Example:443/",
        "http://intranet.alpha.example:8080",
      ]),
    );
    expect(kb.organisations.get("alpha-it")?.allowedOrigins).toEqual([
      "https://www.alpha.example",
      "https://alpha.example",
      "http://intranet.alpha.example:8080",
    ]);
    // Not listed: no site may embed the widget (only development and the server's own pages).
    expect(kb.organisations.get("beta-bank")?.allowedOrigins).toEqual([]);
  });

  it.each([
    "www.alpha.example",
    "https://www.alpha.example/chat",
    "https://www.alpha.example?x=1",
    "https://user@www.alpha.example",
    "ftp://www.alpha.example",
    "*",
    "null",
  ])("refuses %j naming the file and what a site origin looks like", (origin) => {
    const found = problems(withAllowedOrigins([origin]));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(path.join("alpha-it", "organisation.json"));
    expect(found[0]).toContain("allowedOrigins");
    expect(found[0]).toContain("must be a site origin such as https://www.example.no");
  });

  it("refuses a value that is not a list", () => {
    expect(problems(withAllowedOrigins("https://www.alpha.example")).join("\n")).toContain("allowedOrigins");
  });

  it("every organisation in knowledge/ lists its sites", () => {
    const kb = loadKnowledgeBase(path.resolve("knowledge"));
    for (const org of kb.organisations.values()) {
      expect(org.allowedOrigins.length, org.slug).toBeGreaterThan(0);
      for (const origin of org.allowedOrigins) expect(origin).toMatch(/^https:\/\/[a-z0-9.-]+$/);
    }
  });
});
