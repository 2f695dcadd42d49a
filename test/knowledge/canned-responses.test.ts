import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadCannedResponses } from "../../src/core/knowledge/canned-responses.js";
import type { KnowledgeProblem } from "../../src/core/knowledge/errors.js";
import { loadKnowledgeBase } from "../../src/core/knowledge/loader.js";

const kb = loadKnowledgeBase(path.resolve("knowledge"));
const dir = mkdtempSync(path.join(os.tmpdir(), "skranke-canned-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function readJson(abs: string, rel: string, problems: KnowledgeProblem[]): unknown {
  try {
    return JSON.parse(readFileSync(abs, "utf8"));
  } catch (err) {
    problems.push({ file: rel, where: "", message: String(err) });
    return undefined;
  }
}

/** Writes ror-ikt's canned-responses.json into a scratch folder and loads it against the real knowledge base. */
function load(items: unknown) {
  mkdirSync(path.join(dir, "ror-ikt"), { recursive: true });
  writeFileSync(path.join(dir, "ror-ikt", "canned-responses.json"), JSON.stringify(items));
  const problems: KnowledgeProblem[] = [];
  const responses = loadCannedResponses(dir, "ror-ikt", kb, problems, readJson);
  return { responses, problems: problems.map((p) => `${p.where}: ${p.message}`) };
}

const phone = {
  id: "phone",
  language: "nb",
  title: "Telefon",
  text: "Du kan ringe Kundeservice på 71 11 11 66.",
  sources: ["ror-ikt.contact.phone"],
};

describe("canned responses shipped with the knowledge base", () => {
  it("gives every organisation 4 to 6, Norwegian first, each fact as its sources state it", () => {
    expect([...kb.cannedResponses.keys()].sort()).toEqual(["dnb", "move", "oslo-kommune", "ror-ikt"]);
    for (const [slug, responses] of kb.cannedResponses) {
      expect(responses.length, slug).toBeGreaterThanOrEqual(4);
      expect(responses.length, slug).toBeLessThanOrEqual(6);
      expect(
        responses.some((r) => r.language === "nb"),
        slug,
      ).toBe(true);
    }
    const fault = kb.cannedResponses.get("ror-ikt")?.find((r) => r.id === "report-fault");
    expect(fault?.text).toContain("kundeservice@ror-ikt.no");
    expect(fault?.text).toContain("71 11 11 66");
  });

  it("loads a valid response with its sources", () => {
    const { responses, problems } = load([phone]);
    expect(problems).toEqual([]);
    expect(responses).toEqual([phone]);
  });

  it("refuses a phone number, e-mail address or time its sources do not state", () => {
    const { responses, problems } = load([
      { ...phone, text: "Ring 71 11 11 67." },
      { ...phone, id: "mail", text: "Skriv til support@ror-ikt.no." },
      { ...phone, id: "hours", text: "Vi har åpent til kl. 16:00.", sources: ["ror-ikt.hours.opening"] },
      { ...phone, id: "nosource", sources: [] },
    ]);
    expect(responses).toEqual([]);
    expect(problems).toEqual([
      "canned response phone: states «71 11 11 67», which none of its sources does",
      "canned response mail: states «support@ror-ikt.no», which none of its sources does",
      "canned response hours: states «kl. 16:00», which none of its sources does",
      "canned response nosource: states «71 11 11 66», which none of its sources does",
    ]);
  });

  it("refuses unknown sources, another organisation's, and duplicate ids", () => {
    const { problems } = load([
      { ...phone, sources: ["ror-ikt.nothing"] },
      { ...phone, id: "move", text: "Ring 926 01 444.", sources: ["move.contact.phone"] },
      phone,
    ]);
    expect(problems).toEqual([
      "canned response phone: source ror-ikt.nothing is no entry or contact point",
      "canned response phone: states «71 11 11 66», which none of its sources does",
      "canned response move: source move.contact.phone belongs to move",
      "canned response move: states «926 01 444», which none of its sources does",
      "canned response phone: duplicate id",
    ]);
  });

  it("names the field of a response that does not match the schema", () => {
    const { responses, problems } = load([
      { ...phone, title: "" },
      { ...phone, id: "Ugyldig id", language: "de", extra: 1 },
    ]);
    expect(responses).toEqual([]);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/^\[0\]\.title: /);
    expect(problems.slice(1).join("\n")).toMatch(/\[1\]\.id: must be lower-case letters/);
    expect(problems.slice(1).join("\n")).toMatch(/\[1\]\.language: /);
    expect(problems.slice(1).join("\n")).toMatch(/\[1\]: .*extra/);
  });

  it("lists a broken file among the knowledge base's problems at start", () => {
    const base = mkdtempSync(path.join(os.tmpdir(), "skranke-canned-kb-"));
    try {
      cpSync(path.resolve("knowledge/move"), path.join(base, "move"), { recursive: true });
      writeFileSync(
        path.join(base, "move", "canned-responses.json"),
        JSON.stringify([{ id: "x", language: "nb", title: "X", text: "Ring 22 22 22 22." }]),
      );
      expect(() => loadKnowledgeBase(base)).toThrow(
        /move\/canned-responses.json \(canned response x\): states «22 22 22 22», which none of its sources does/,
      );
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
