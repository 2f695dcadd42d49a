import { existsSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { extractCheckableFacts, type SourceRecord, supportedKeys } from "../answering/generated/fact-check.js";
import { TEXT_LIMITS } from "../validation/limits.js";
import type { KnowledgeProblem } from "./errors.js";
import { type ContactPoint, type Entry, LANGUAGES, type Lang } from "./types.js";

/** The file an organisation's ready-made agent answers live in. */
export const CANNED_RESPONSES_FILE = "canned-responses.json";

/** A canned response shipped with the knowledge base: agents insert it into a chat and edit it before sending. */
export interface ShippedCannedResponse {
  /** Unique within the organisation's file, e.g. "phone". */
  readonly id: string;
  readonly language: Lang;
  readonly title: string;
  readonly text: string;
  /** Entries and contact points of the organisation that state the text's facts. */
  readonly sources: readonly string[];
}

const cannedSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, "must be lower-case letters, digits and hyphens")
      .max(40),
    language: z.enum(LANGUAGES),
    title: z.string().trim().min(1).max(TEXT_LIMITS.title),
    text: z.string().trim().min(1).max(TEXT_LIMITS.message),
    sources: z.array(z.string().min(1)).default([]),
  })
  .strict();

const fileSchema = z.array(cannedSchema).max(50);

/** Every string a record holds (answers, numbers, addresses, hours): what a canned text may quote. */
function textsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) textsOf(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) textsOf(v, out);
  return out;
}

function recordOf(source: Entry | ContactPoint): SourceRecord {
  const texts = "answer" in source ? textsOf(source.answer) : textsOf({ ...source, source: undefined });
  return { id: source.id, organisation: source.organisation, texts };
}

/**
 * Reads `<dir>/<slug>/canned-responses.json` (optional): a JSON array of
 * `{ id, language, title, text, sources }`. Each response is checked with zod,
 * ids must be unique, every source must be an entry or contact point of the
 * same organisation, and every phone number, e-mail address, URL, time,
 * date and number in the text must appear in its sources, so a ready-made
 * answer states the facts exactly as the knowledge base does.
 * Problems are added to `problems`; the valid responses are returned.
 */
export function loadCannedResponses(
  dir: string,
  slug: string,
  records: {
    entriesById: ReadonlyMap<string, Entry>;
    contactsById: ReadonlyMap<string, ContactPoint>;
  },
  problems: KnowledgeProblem[],
  readJson: (absFile: string, relFile: string, problems: KnowledgeProblem[]) => unknown,
): ShippedCannedResponse[] {
  const rel = path.join(slug, CANNED_RESPONSES_FILE);
  const abs = path.join(dir, rel);
  if (!existsSync(abs)) return [];
  const raw = readJson(abs, rel, problems);
  if (raw === undefined) return [];
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const where = issue.path.map((s) => (typeof s === "number" ? `[${s}]` : `.${String(s)}`)).join("");
      problems.push({ file: rel, where: where.replace(/^\./, ""), message: issue.message });
    }
    return [];
  }
  const seen = new Set<string>();
  const out: ShippedCannedResponse[] = [];
  for (const r of parsed.data) {
    const where = `canned response ${r.id}`;
    const before = problems.length;
    if (seen.has(r.id)) problems.push({ file: rel, where, message: "duplicate id" });
    seen.add(r.id);
    const cited: SourceRecord[] = [];
    for (const id of r.sources) {
      const source = records.entriesById.get(id) ?? records.contactsById.get(id);
      if (!source) problems.push({ file: rel, where, message: `source ${id} is no entry or contact point` });
      else if (source.organisation !== slug)
        problems.push({ file: rel, where, message: `source ${id} belongs to ${source.organisation}` });
      else cited.push(recordOf(source));
    }
    const supported = supportedKeys(cited);
    for (const fact of extractCheckableFacts(r.text)) {
      if (!fact.keys.some((k) => supported.has(k))) {
        const shown = fact.shown.trim().replace(/[.,;:!?]+$/, "");
        problems.push({ file: rel, where, message: `states «${shown}», which none of its sources does` });
      }
    }
    if (problems.length === before) out.push(r);
  }
  return out;
}
