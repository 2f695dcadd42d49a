import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";
import { loadCannedResponses, type ShippedCannedResponse } from "./canned-responses.js";
import { parseContacts, reconcileEntries } from "./contacts.js";
import { KnowledgeLoadError, type KnowledgeProblem } from "./errors.js";
import { entrySchema, minutesOfDay, organisationSchema } from "./schema.js";
import {
  type ContactPoint,
  type Entry,
  type KnowledgeBase,
  type OpeningInterval,
  type Organisation,
  WEEKDAYS,
} from "./types.js";

const ORGANISATION_FILE = "organisation.json";
const ENTRIES_DIR = "entries";
const CONTACTS_FILE = "contacts.json";

/** An entry as read from its file, before it is checked against the contact points. */
type LoadedEntry = Omit<Entry, "contacts"> & { readonly declaredContacts?: readonly string[] };

function formatPath(segments: readonly PropertyKey[]): string {
  let out = "";
  for (const s of segments) out += typeof s === "number" ? `[${s}]` : out ? `.${String(s)}` : String(s);
  return out;
}

function zodProblems(file: string, prefix: string, error: z.ZodError): KnowledgeProblem[] {
  return error.issues.map((issue) => {
    const at = formatPath(issue.path);
    const where = [prefix, at].filter(Boolean).join(" ");
    const message = issue.code === "invalid_type" && issue.input === undefined ? "is missing" : issue.message;
    return { file, where, message };
  });
}

/** JSON.parse with a message that gives line and column. */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(message);
    if (pos?.[1]) {
      const before = text.slice(0, Number(pos[1]));
      const line = before.split("\n").length;
      const column = before.length - before.lastIndexOf("\n");
      return { ok: false, message: `malformed JSON at line ${line}, column ${column}: ${message}` };
    }
    return { ok: false, message: `malformed JSON: ${message}` };
  }
}

function readJson(absFile: string, relFile: string, problems: KnowledgeProblem[]): unknown {
  let text: string;
  try {
    text = readFileSync(absFile, "utf8");
  } catch (err) {
    problems.push({ file: relFile, where: "", message: `cannot be read: ${(err as Error).message}` });
    return undefined;
  }
  if (text.trim() === "") {
    problems.push({ file: relFile, where: "", message: "is empty" });
    return undefined;
  }
  const parsed = parseJson(text);
  if (!parsed.ok) {
    problems.push({ file: relFile, where: "", message: parsed.message });
    return undefined;
  }
  return parsed.value;
}

function sortIntervals(intervals: readonly (readonly [string, string])[]): OpeningInterval[] {
  return [...intervals].sort((a, b) => minutesOfDay(a[0]) - minutesOfDay(b[0])).map(([s, e]) => [s, e] as const);
}

function loadOrganisation(dir: string, slug: string, problems: KnowledgeProblem[]): Organisation | undefined {
  const rel = path.join(slug, ORGANISATION_FILE);
  const abs = path.join(dir, rel);
  if (!existsSync(abs)) {
    problems.push({ file: rel, where: "", message: "is missing (every organisation folder needs one)" });
    return undefined;
  }
  const raw = readJson(abs, rel, problems);
  if (raw === undefined) return undefined;
  const result = organisationSchema.safeParse(raw);
  if (!result.success) {
    problems.push(...zodProblems(rel, "", result.error));
    return undefined;
  }
  const org = result.data;
  if (org.slug !== slug) {
    problems.push({ file: rel, where: "slug", message: `is "${org.slug}" but the folder is "${slug}"` });
    return undefined;
  }
  const weekly = Object.fromEntries(WEEKDAYS.map((d) => [d, sortIntervals(org.openingHours.weekly[d])])) as Record<
    (typeof WEEKDAYS)[number],
    OpeningInterval[]
  >;
  return {
    slug: org.slug,
    name: org.name,
    aliases: org.aliases,
    defaultLanguage: org.defaultLanguage,
    privacyUrl: org.privacyUrl,
    timezone: org.timezone,
    openingHours: { ...org.openingHours, weekly },
    ...(org.openingHoursNote !== undefined ? { openingHoursNote: org.openingHoursNote } : {}),
    allowedOrigins: org.allowedOrigins,
  };
}

function loadContacts(dir: string, org: Organisation, problems: KnowledgeProblem[]): ContactPoint[] {
  const rel = path.join(org.slug, CONTACTS_FILE);
  const abs = path.join(dir, rel);
  if (!existsSync(abs)) return [];
  const raw = readJson(abs, rel, problems);
  return raw === undefined ? [] : parseContacts(raw, org, rel, problems);
}

function loadEntries(dir: string, slug: string, problems: KnowledgeProblem[]): LoadedEntry[] {
  const entriesDir = path.join(dir, slug, ENTRIES_DIR);
  if (!existsSync(entriesDir)) return [];
  const files = readdirSync(entriesDir)
    .filter((f) => !f.startsWith("."))
    .sort();
  const entries: LoadedEntry[] = [];
  for (const name of files) {
    const rel = path.join(slug, ENTRIES_DIR, name);
    if (!name.endsWith(".json")) {
      problems.push({ file: rel, where: "", message: "is not a .json file (entries/ may only hold JSON arrays)" });
      continue;
    }
    const raw = readJson(path.join(entriesDir, name), rel, problems);
    if (raw === undefined) continue;
    if (!Array.isArray(raw)) {
      problems.push({ file: rel, where: "", message: "must be a JSON array of entries" });
      continue;
    }
    raw.forEach((item: unknown, index) => {
      const rawId =
        item && typeof item === "object" && typeof (item as { id?: unknown }).id === "string"
          ? (item as { id: string }).id
          : undefined;
      const label = rawId ? `entry ${rawId} [${index}]` : `entry [${index}]`;
      const result = entrySchema.safeParse(item);
      if (!result.success) {
        problems.push(...zodProblems(rel, label, result.error));
        return;
      }
      const e = result.data;
      if (!e.id.startsWith(`${slug}.`)) {
        problems.push({ file: rel, where: label, message: `id must start with "${slug}." (the organisation folder)` });
        return;
      }
      entries.push({
        id: e.id,
        organisation: slug,
        questions: e.questions,
        answer: e.answer,
        source: e.source,
        tags: e.tags,
        file: rel,
        ...(e.contacts ? { declaredContacts: e.contacts } : {}),
      });
    });
  }
  return entries;
}

/**
 * Loads and validates `<dir>/<slug>/organisation.json`, `<dir>/<slug>/contacts.json` (optional),
 * `<dir>/<slug>/entries/*.json` and `<dir>/<slug>/canned-responses.json` (optional). Collects every problem (malformed JSON, schema violations,
 * duplicate ids, slug mismatches, entries whose contact facts or hours no contact point has)
 * and throws one {@link KnowledgeLoadError} naming each file and problem.
 */
export function loadKnowledgeBase(dir: string): KnowledgeBase {
  const absDir = path.resolve(dir);
  if (!existsSync(absDir) || !statSync(absDir).isDirectory()) {
    throw new KnowledgeLoadError(absDir, [{ file: absDir, where: "", message: "is not a directory" }]);
  }
  const problems: KnowledgeProblem[] = [];
  const organisations = new Map<string, Organisation>();
  const entries: Entry[] = [];
  const contacts: ContactPoint[] = [];
  const slugs = readdirSync(absDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith(".") && !d.name.startsWith("_"))
    .map((d) => d.name)
    .sort();
  for (const slug of slugs) {
    const org = loadOrganisation(absDir, slug, problems);
    const loaded = loadEntries(absDir, slug, problems);
    if (!org) continue;
    organisations.set(slug, org);
    const own = loadContacts(absDir, org, problems);
    contacts.push(...own);
    entries.push(...reconcileEntries(org, loaded, own, problems));
  }
  if (slugs.length === 0) problems.push({ file: ".", where: "", message: "contains no organisation folders" });

  const entriesById = new Map<string, Entry>();
  for (const entry of entries) {
    const first = entriesById.get(entry.id);
    if (first) {
      problems.push({ file: entry.file, where: `entry ${entry.id}`, message: `duplicate id (also in ${first.file})` });
    } else {
      entriesById.set(entry.id, entry);
    }
  }
  const contactsById = new Map<string, ContactPoint>();
  for (const c of contacts) {
    const first = contactsById.get(c.id);
    if (first)
      problems.push({ file: c.file, where: `contact ${c.id}`, message: `duplicate id (also in ${first.file})` });
    else contactsById.set(c.id, c);
  }
  const cannedResponses = new Map<string, readonly ShippedCannedResponse[]>();
  for (const slug of organisations.keys()) {
    cannedResponses.set(slug, loadCannedResponses(absDir, slug, { entriesById, contactsById }, problems, readJson));
  }
  if (problems.length > 0) throw new KnowledgeLoadError(absDir, problems);
  return { dir: absDir, organisations, entries, entriesById, contacts, contactsById, cannedResponses };
}
