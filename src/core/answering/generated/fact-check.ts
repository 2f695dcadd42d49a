/**
 * Fact check of a text a language model wrote from knowledge-base records: every phone number,
 * e-mail address, URL, postal address, time, date and number in it must appear in the records it
 * cites, the citations must be among the records it was given, and no cited record may belong to
 * another organisation. Pure: no I/O, no clock.
 */

/** A record the model was given: an entry or a contact point, flattened to its texts. */
export interface SourceRecord {
  readonly id: string;
  readonly organisation: string;
  /** Every text of the record that may state a fact (answers, numbers, addresses, hours ...). */
  readonly texts: readonly string[];
}

export interface FactCheckInput {
  readonly text: string;
  readonly citations: readonly string[];
  /** The records sent to the model; citations must be among them. */
  readonly given: readonly SourceRecord[];
  /** The customer's organisation. */
  readonly organisation: string;
}

export type FactCheckResult =
  | { readonly accepted: true }
  | { readonly accepted: false; readonly problems: readonly string[] };

/** A fact found in a text: what it looked like, and the normalised keys any one of which supports it. */
export interface ExtractedFact {
  readonly shown: string;
  readonly keys: readonly string[];
}

const EMAIL = /[\p{L}0-9._%+-]+@[\p{L}0-9.-]+\.[a-z]{2,}/giu;
const URL =
  /\b(?:https?:\/\/[^\s)>\]»"]+|(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:no|com|org|net|eu|io)\b(?:\/[^\s)>\]»"]*)?)/gi;
const PHONE = /(?<![\d+])(?:(?:\+|00)\s?47[\s.-]?)?[2-9]\d(?:[\s.-]?\d){6}(?![\d])/g;
const ISO_DATE = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/g;
const NO_DATE = /(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?(?![\d])/g;
const CLOCK = /(?<![\d.:,])(?:kl\.?\s*)?(\d{1,2})[:.](\d{2})(?![\d])/gi;
const KL_FOUR = /\bkl\.?\s*(\d{2})(\d{2})(?!\d)/gi;
const POSTCODE = /(?<!\d)(\d{4})\s+(\p{Lu}[\p{L}-]+)/gu;
const POSTBOX = /\b(?:postboks|pb\.?|p\.o\.\s*box|po box)\s*(\d+)/giu;
const STREET =
  /([\p{L}-]*(?:gata|gate|gaten|veien|vei|vegen|veg|plass|plassen|allé|alle|torget|stredet))\s+(\d+\s?[a-zA-Z]?)\b/giu;
const NUMBER = /(?<![\p{L}\d])\d+(?:[.,]\d+)?(?![\p{L}\d])/gu;
const LIST_MARKER = /^(\s*)\d{1,2}[.)](?=\s)/gm;

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

function timeKey(h: number, m: number): string | undefined {
  if (h > 24 || m > 59 || (h === 24 && m > 0)) return undefined;
  return `time:${pad2(h)}:${pad2(m)}`;
}

function numberKey(raw: string): string {
  const n = raw.replace(",", ".");
  const value = Number(n);
  return Number.isFinite(value) ? `number:${value}` : `number:${n}`;
}

/**
 * The facts of a text, normalised: "71 11 11 66", "+47 71111166" → phone:71111166; "kl. 08.00",
 * "08:00", "kl. 0800" → time:08:00; "1.2.2025", "2025-02-01" → date:2025-02-01; e-mails and URLs
 * lower-cased without scheme, "www." and trailing punctuation.
 */
export function extractCheckableFacts(text: string): ExtractedFact[] {
  const facts: ExtractedFact[] = [];
  let rest = text.replace(LIST_MARKER, "$1 ");
  const take = (pattern: RegExp, toFact: (m: RegExpExecArray) => ExtractedFact | undefined) => {
    rest = rest.replace(pattern, (...args) => {
      const m = args.slice(0, -2) as unknown as RegExpExecArray;
      const fact = toFact(m);
      if (!fact) return args[0] as string;
      facts.push(fact);
      return " ";
    });
  };
  take(EMAIL, (m) => ({ shown: m[0], keys: [`email:${m[0].toLowerCase()}`] }));
  take(URL, (m) => {
    const v = m[0]
      .toLowerCase()
      .replace(/^https?:\/\//, "")
      .replace(/^www\./, "")
      .replace(/[.,;:!?]+$/, "")
      .replace(/\/+$/, "");
    return { shown: m[0], keys: [`url:${v}`] };
  });
  take(ISO_DATE, (m) => ({ shown: m[0], keys: [`date:${m[1]}-${m[2]}-${m[3]}`] }));
  take(PHONE, (m) => {
    const digits = m[0].replace(/\D/g, "");
    return { shown: m[0], keys: [`phone:${digits.slice(-8)}`] };
  });
  take(NO_DATE, (m) => {
    const d = Number(m[1]);
    const mo = Number(m[2]);
    if (d < 1 || d > 31 || mo < 1 || mo > 12) return undefined;
    if (m[3] === undefined) return { shown: m[0], keys: [`date:${pad2(mo)}-${pad2(d)}`] };
    const y = m[3].length === 2 ? `20${m[3]}` : m[3];
    return { shown: m[0], keys: [`date:${y}-${pad2(mo)}-${pad2(d)}`, `date:${pad2(mo)}-${pad2(d)}`] };
  });
  take(CLOCK, (m) => {
    const key = timeKey(Number(m[1]), Number(m[2]));
    return key ? { shown: m[0], keys: [key] } : undefined;
  });
  take(KL_FOUR, (m) => {
    const key = timeKey(Number(m[1]), Number(m[2]));
    return key ? { shown: m[0], keys: [key] } : undefined;
  });
  take(POSTBOX, (m) => ({ shown: m[0], keys: [`postbox:${m[1]}`] }));
  take(POSTCODE, (m) => ({ shown: m[0], keys: [`postcode:${m[1]} ${m[2]?.toLowerCase()}`] }));
  take(STREET, (m) => ({
    shown: m[0],
    keys: [`street:${m[1]?.toLowerCase()} ${m[2]?.replace(/\s/g, "").toLowerCase()}`],
  }));
  take(NUMBER, (m) => {
    const keys = [numberKey(m[0])];
    // A bare four-digit number on the quarter hour may be a time ("mellom 0800 og 1530").
    if (/^\d{4}$/.test(m[0]) && Number(m[0].slice(2)) % 15 === 0) {
      const key = timeKey(Number(m[0].slice(0, 2)), Number(m[0].slice(2)));
      if (key) keys.push(key);
    }
    return { shown: m[0], keys };
  });
  return facts;
}

/** Every normalised key the records' texts support. */
export function supportedKeys(records: readonly SourceRecord[]): Set<string> {
  const keys = new Set<string>();
  for (const r of records) {
    for (const t of r.texts) for (const f of extractCheckableFacts(t)) for (const k of f.keys) keys.add(k);
  }
  return keys;
}

/** Checks a generated text against the records it cites (see the file comment for the rules). */
export function checkGeneratedFacts(input: FactCheckInput): FactCheckResult {
  const problems: string[] = [];
  const given = new Map(input.given.map((r) => [r.id, r]));
  if (input.citations.length === 0) problems.push("no citations");
  const cited: SourceRecord[] = [];
  for (const id of new Set(input.citations)) {
    const record = given.get(id);
    if (!record) problems.push(`citation of a record that was not given: ${id}`);
    else if (record.organisation !== input.organisation)
      problems.push(`citation of another organisation's record: ${id} (${record.organisation})`);
    else cited.push(record);
  }
  const supported = supportedKeys(cited);
  for (const fact of extractCheckableFacts(input.text)) {
    if (!fact.keys.some((k) => supported.has(k)))
      problems.push(`unsupported fact: ${fact.shown.trim().replace(/[.,;:!?]+$/, "")}`);
  }
  return problems.length === 0 ? { accepted: true } : { accepted: false, problems };
}
