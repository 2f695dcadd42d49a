import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { KnowledgeLoadError, loadKnowledgeBase } from "../../src/core/knowledge/index.js";

const FIXTURE = path.resolve("test/fixtures/knowledge-basic");
const temps: string[] = [];

/** A writable copy of the fixture base, changed by `edit`. */
function brokenCopy(edit: (dir: string) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), "skranke-kb-"));
  temps.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  edit(dir);
  return dir;
}

// biome-ignore lint/suspicious/noExplicitAny: the tests reach into arbitrary fixture JSON to break it
function editJson(file: string, change: (value: any) => void): void {
  const value = JSON.parse(readFileSync(file, "utf8"));
  change(value);
  writeFileSync(file, JSON.stringify(value, null, 2));
}

function loadError(dir: string): KnowledgeLoadError {
  try {
    loadKnowledgeBase(dir);
  } catch (err) {
    if (err instanceof KnowledgeLoadError) return err;
    throw err;
  }
  throw new Error("expected loading to fail");
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("loadKnowledgeBase", () => {
  it("loads organisations, entries and opening hours", () => {
    const kb = loadKnowledgeBase(FIXTURE);
    expect([...kb.organisations.keys()]).toEqual(["alpha-it", "beta-bank"]);
    expect(kb.entries).toHaveLength(7);
    const phone = kb.entriesById.get("alpha-it.contact.phone");
    expect(phone?.organisation).toBe("alpha-it");
    expect(phone?.file).toBe(path.join("alpha-it", "entries", "contact.json"));
    const alpha = kb.organisations.get("alpha-it");
    expect(alpha?.openingHours.weekly.mon).toEqual([["08:00", "15:30"]]);
    // Intervals come back sorted.
    expect(alpha?.openingHours.weekly.fri).toEqual([
      ["08:00", "11:00"],
      ["12:00", "15:30"],
    ]);
    expect(kb.organisations.get("beta-bank")?.openingHours.weekly.sun).toEqual([["00:00", "24:00"]]);
  });

  it("names the file and position of malformed JSON", () => {
    const dir = brokenCopy((d) => writeFileSync(path.join(d, "alpha-it/entries/hours.json"), '[\n  {"id": "x",\n'));
    const err = loadError(dir);
    expect(err.problems[0]?.file).toBe(path.join("alpha-it", "entries", "hours.json"));
    expect(err.message).toMatch(/hours\.json.*malformed JSON at line \d+/);
  });

  it("reports a missing answer with the entry id and field", () => {
    const dir = brokenCopy((d) =>
      editJson(path.join(d, "beta-bank/entries/contact.json"), (entries) => {
        delete entries[1].answer;
      }),
    );
    const err = loadError(dir);
    expect(err.problems).toEqual([
      {
        file: path.join("beta-bank", "entries", "contact.json"),
        where: "entry beta-bank.hours.opening [1] answer",
        message: "is missing",
      },
    ]);
  });

  it("reports an empty answer text in one language", () => {
    const dir = brokenCopy((d) =>
      editJson(path.join(d, "beta-bank/entries/contact.json"), (entries) => {
        entries[0].answer.en = " ";
      }),
    );
    expect(loadError(dir).message).toMatch(
      /contact\.json \(entry beta-bank\.contact\.phone \[0\] answer\.en\): must not be empty/,
    );
  });

  it("rejects duplicate ids across the whole base", () => {
    const dir = brokenCopy((d) =>
      editJson(path.join(d, "alpha-it/entries/hours.json"), (entries) => {
        entries[1].id = "alpha-it.contact.phone";
      }),
    );
    const err = loadError(dir);
    expect(err.message).toContain("duplicate id");
    expect(err.problems[0]?.file).toBe(path.join("alpha-it", "entries", "hours.json"));
  });

  it("requires entry ids to start with the organisation's slug", () => {
    const dir = brokenCopy((d) =>
      editJson(path.join(d, "alpha-it/entries/hours.json"), (entries) => {
        entries[0].id = "beta-bank.hours.sneaky";
      }),
    );
    expect(loadError(dir).message).toContain('id must start with "alpha-it."');
  });

  it("requires the folder to match organisation.json's slug", () => {
    const dir = brokenCopy((d) =>
      editJson(path.join(d, "beta-bank/organisation.json"), (org) => {
        org.slug = "gamma";
      }),
    );
    expect(loadError(dir).message).toContain('is "gamma" but the folder is "beta-bank"');
  });

  it("validates opening-hour times", () => {
    const dir = brokenCopy((d) =>
      editJson(path.join(d, "alpha-it/organisation.json"), (org) => {
        org.openingHours.weekly.mon = [["15:30", "08:00"]];
        org.openingHours.weekly.tue = [["8:00", "25:00"]];
        org.openingHours.weekly.wed = [
          ["08:00", "12:00"],
          ["11:00", "14:00"],
        ];
      }),
    );
    const message = loadError(dir).message;
    expect(message).toContain("(openingHours.weekly.mon[0]): start must be before end");
    expect(message).toContain('(openingHours.weekly.tue[0][0]): must be a time "HH:MM"');
    expect(message).toContain("overlap");
  });

  it("reports a missing organisation.json and keeps going to list every problem", () => {
    const dir = brokenCopy((d) => {
      rmSync(path.join(d, "alpha-it/organisation.json"));
      editJson(path.join(d, "beta-bank/organisation.json"), (org) => {
        org.timezone = "Mars/Olympus";
      });
    });
    const err = loadError(dir);
    expect(err.problems.map((p) => p.file)).toEqual([
      path.join("alpha-it", "organisation.json"),
      path.join("beta-bank", "organisation.json"),
    ]);
    expect(err.message).toContain("IANA time zone");
  });

  it("fails clearly for a directory that does not exist", () => {
    expect(() => loadKnowledgeBase("/nonexistent/knowledge")).toThrow(/is not a directory/);
  });
});
