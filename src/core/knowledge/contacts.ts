import type { KnowledgeProblem } from "./errors.js";
import { describeFact, extractFacts, extractTimeRanges, factsOfContact } from "./facts.js";
import { contactPointSchema, minutesOfDay } from "./schema.js";
import {
  type ContactHours,
  type ContactPoint,
  type Entry,
  type LocalizedText,
  type OpeningInterval,
  type Organisation,
  WEEKDAYS,
  type Weekday,
} from "./types.js";

type Weekly = Readonly<Record<Weekday, readonly OpeningInterval[]>>;

function sortedWeekly(weekly: Readonly<Record<Weekday, readonly (readonly [string, string])[]>>): Weekly {
  return Object.fromEntries(
    WEEKDAYS.map((d) => [
      d,
      [...weekly[d]].sort((a, b) => minutesOfDay(a[0]) - minutesOfDay(b[0])).map(([s, e]) => [s, e] as const),
    ]),
  ) as unknown as Weekly;
}

/** The texts of a contact point that may mention facts (notes, hours statement, what it handles ...). */
function textsOf(c: ContactPoint): LocalizedText[] {
  return [
    c.role,
    c.handles,
    c.audience,
    c.standby?.text,
    c.hours?.text,
    c.hours?.outside,
    ...c.phones.map((p) => p.note),
    ...c.emails.map((e) => e.note),
    ...c.web.map((w) => w.text),
  ].filter((t): t is LocalizedText => t !== undefined);
}

/** Whether [start, end) is one of the intervals of some weekday, or the span from a day's first opening to its last closing. */
function statesHours(weekly: Weekly, [start, end]: readonly [number, number]): boolean {
  return WEEKDAYS.some((d) => {
    const day = weekly[d].map(([s, e]) => [minutesOfDay(s), minutesOfDay(e)] as const);
    if (day.some(([s, e]) => s === start && e === end)) return true;
    return day.length > 0 && day[0]?.[0] === start && day[day.length - 1]?.[1] === end;
  });
}

function formatRange([s, e]: readonly [number, number]): string {
  const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  return `${hm(s)}-${hm(e)}`;
}

/**
 * Validates one organisation's contacts.json (already parsed JSON). Returns the contact points and
 * adds a problem for each invalid record, unknown `partOf`, second primary contact point, hours
 * statement that disagrees with its intervals, and text that gives a contact fact the record lacks.
 */
export function parseContacts(
  raw: unknown,
  org: Organisation,
  file: string,
  problems: KnowledgeProblem[],
): ContactPoint[] {
  if (!Array.isArray(raw)) {
    problems.push({ file, where: "", message: "must be a JSON array of contact points" });
    return [];
  }
  const out: ContactPoint[] = [];
  raw.forEach((item: unknown, index) => {
    const rawId =
      item && typeof item === "object" && typeof (item as { id?: unknown }).id === "string"
        ? (item as { id: string }).id
        : undefined;
    const label = rawId ? `contact ${rawId} [${index}]` : `contact [${index}]`;
    const parsed = contactPointSchema.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const at = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
        const message = issue.code === "invalid_type" && issue.input === undefined ? "is missing" : issue.message;
        problems.push({ file, where: `${label} ${at.replace(/^\./, "")}`.trim(), message });
      }
      return;
    }
    const c = parsed.data;
    if (!c.id.startsWith(`${org.slug}.`)) {
      problems.push({ file, where: label, message: `id must start with "${org.slug}." (the organisation folder)` });
      return;
    }
    let hours: ContactHours | undefined;
    if (c.hours) {
      const fromOrganisation = c.hours.weekly === "organisation";
      hours = {
        fromOrganisation,
        weekly: c.hours.weekly === "organisation" ? org.openingHours.weekly : sortedWeekly(c.hours.weekly),
        closedOnPublicHolidays: fromOrganisation
          ? org.openingHours.closedOnPublicHolidays
          : (c.hours.closedOnPublicHolidays ?? false),
        text: c.hours.text,
        ...(c.hours.outside ? { outside: c.hours.outside } : {}),
      };
    }
    out.push({
      id: c.id,
      organisation: org.slug,
      kind: c.kind,
      primary: c.primary,
      name: c.name,
      aliases: c.aliases,
      roleAliases: c.roleAliases,
      phones: c.phones.map((p) => ({ number: p.number, urgent: p.urgent, ...(p.note ? { note: p.note } : {}) })),
      emails: c.emails.map((e) => ({ address: e.address, ...(e.note ? { note: e.note } : {}) })),
      web: c.web.map((w) => ({ text: w.text, ...(w.url ? { url: w.url } : {}) })),
      source: c.source,
      file,
      ...(c.role ? { role: c.role } : {}),
      ...(c.partOf ? { partOf: c.partOf } : {}),
      ...(c.handles ? { handles: c.handles } : {}),
      ...(c.audience ? { audience: c.audience } : {}),
      ...(c.postal ? { postal: c.postal } : {}),
      ...(c.visiting ? { visiting: c.visiting } : {}),
      ...(c.standby ? { standby: c.standby } : {}),
      ...(hours ? { hours } : {}),
    });
  });

  const ids = new Set(out.map((c) => c.id));
  const primaries = out.filter((c) => c.primary);
  if (primaries.length > 1) {
    problems.push({
      file,
      where: `contact ${primaries[1]?.id}`,
      message: `only one contact point can be primary (${primaries[0]?.id} already is)`,
    });
  }
  for (const c of out) {
    if (c.partOf !== undefined && (!ids.has(c.partOf) || c.partOf === c.id)) {
      problems.push({
        file,
        where: `contact ${c.id} partOf`,
        message: `"${c.partOf}" is not another contact point here`,
      });
    }
    const own = factsOfContact(c);
    for (const text of textsOf(c)) {
      for (const lang of ["nb", "en"] as const) {
        for (const fact of extractFacts(text[lang])) {
          if (!own.has(fact)) {
            problems.push({
              file,
              where: `contact ${c.id}`,
              message: `a text gives ${describeFact(fact)}, which is not one of this contact point's own phones, e-mails, web addresses or addresses`,
            });
          }
        }
      }
    }
    if (c.hours) {
      for (const lang of ["nb", "en"] as const) {
        for (const range of extractTimeRanges(c.hours.text[lang])) {
          if (!statesHours(c.hours.weekly, range)) {
            problems.push({
              file,
              where: `contact ${c.id} hours.text.${lang}`,
              message: `says ${formatRange(range)}, which is not an interval of its weekly hours`,
            });
          }
        }
      }
    }
  }
  return out;
}

/**
 * Checks that an organisation's entries and contact points agree and returns each entry with its
 * `contacts`: every phone number, e-mail, URL, domain and post code an answer (in either language)
 * gives must belong to a contact point of the organisation (one of those the entry declares, when
 * it declares any), and every opening-time range it states must be hours of the organisation or of
 * one of its contact points. The organisation's opening-hours summary is held to the same rules.
 */
export function reconcileEntries(
  org: Organisation,
  entries: readonly (Omit<Entry, "contacts"> & { readonly declaredContacts?: readonly string[] })[],
  contacts: readonly ContactPoint[],
  problems: KnowledgeProblem[],
): Entry[] {
  const factsOf = new Map(contacts.map((c) => [c.id, factsOfContact(c)]));
  const owners = (fact: string) => contacts.filter((c) => factsOf.get(c.id)?.has(fact)).map((c) => c.id);
  const hourSets: Weekly[] = [org.openingHours.weekly, ...contacts.flatMap((c) => (c.hours ? [c.hours.weekly] : []))];
  const statedHours = (range: readonly [number, number]) => hourSets.some((w) => statesHours(w, range));
  const where = contacts.length > 0 ? `${org.slug}/contacts.json` : `${org.slug}/contacts.json (there is none)`;

  for (const lang of ["nb", "en"] as const) {
    const summary = org.openingHours.summary[lang];
    for (const fact of extractFacts(summary)) {
      if (owners(fact).length === 0) {
        problems.push({
          file: `${org.slug}/organisation.json`,
          where: `openingHours.summary.${lang}`,
          message: `gives ${describeFact(fact)}, which no contact point in ${where} has`,
        });
      }
    }
    for (const range of extractTimeRanges(summary)) {
      if (!statesHours(org.openingHours.weekly, range)) {
        problems.push({
          file: `${org.slug}/organisation.json`,
          where: `openingHours.summary.${lang}`,
          message: `says ${formatRange(range)}, which is not an interval of openingHours.weekly`,
        });
      }
    }
  }

  const ids = new Set(contacts.map((c) => c.id));
  return entries.map(({ declaredContacts, ...entry }) => {
    const label = `entry ${entry.id}`;
    for (const id of declaredContacts ?? []) {
      if (!ids.has(id)) {
        problems.push({
          file: entry.file,
          where: `${label} contacts`,
          message: `"${id}" is not a contact point of ${org.slug}`,
        });
      }
    }
    const about = new Set<string>();
    const factsByLang = { nb: extractFacts(entry.answer.nb), en: extractFacts(entry.answer.en) };
    for (const lang of ["nb", "en"] as const) {
      const other = lang === "nb" ? "en" : "nb";
      for (const fact of factsByLang[lang]) {
        if (!factsByLang[other].has(fact)) {
          problems.push({
            file: entry.file,
            where: `${label} answer.${other}`,
            message: `lacks ${describeFact(fact)}, which answer.${lang} gives (both languages must give the same contact facts)`,
          });
        }
        const ownedBy = owners(fact);
        if (ownedBy.length === 0) {
          problems.push({
            file: entry.file,
            where: `${label} answer.${lang}`,
            message: `gives ${describeFact(fact)}, which no contact point in ${where} has`,
          });
          continue;
        }
        const allowed = declaredContacts ? ownedBy.filter((id) => declaredContacts.includes(id)) : ownedBy;
        if (allowed.length === 0) {
          problems.push({
            file: entry.file,
            where: `${label} answer.${lang}`,
            message: `gives ${describeFact(fact)}, which belongs to ${ownedBy.join(", ")}, not to the contact points the entry declares (${declaredContacts?.join(", ")})`,
          });
        }
        for (const id of allowed) about.add(id);
      }
      for (const range of extractTimeRanges(entry.answer[lang])) {
        if (!statedHours(range)) {
          problems.push({
            file: entry.file,
            where: `${label} answer.${lang}`,
            message: `says ${formatRange(range)}, which are not the hours of ${org.slug} or of any of its contact points`,
          });
        }
      }
    }
    for (const id of declaredContacts ?? []) about.add(id);
    return { ...entry, contacts: [...about].filter((id) => ids.has(id)) };
  });
}
