import Holidays from "date-holidays";

/** A Norwegian public holiday (helligdag or lovbestemt høytidsdag). */
export interface PublicHoliday {
  /** Local calendar date, "YYYY-MM-DD". */
  readonly date: string;
  /** Norwegian name, e.g. "Første påskedag". */
  readonly name: string;
}

const norway = new Holidays("NO");
const byYear = new Map<number, readonly PublicHoliday[]>();

/**
 * Norway's public holidays of a year, from date-holidays (pinned in package.json).
 * Only `type === "public"`: observances and bank half-days (24 and 31 December)
 * are ordinary working days.
 */
export function norwegianPublicHolidays(year: number): readonly PublicHoliday[] {
  const cached = byYear.get(year);
  if (cached) return cached;
  const list = norway
    .getHolidays(year)
    .filter((h) => h.type === "public")
    .map((h) => ({ date: h.date.slice(0, 10), name: h.name }))
    .sort((a, b) => a.date.localeCompare(b.date));
  byYear.set(year, list);
  return list;
}

/** The holiday on a local date ("YYYY-MM-DD"), if it is one. */
export function norwegianPublicHoliday(isoDate: string): PublicHoliday | undefined {
  return norwegianPublicHolidays(Number(isoDate.slice(0, 4))).find((h) => h.date === isoDate);
}

const norwayEn = new Holidays("NO", { languages: ["en"] });
const englishByYear = new Map<number, ReadonlyMap<string, string>>();

/** The English name of the public holiday on a local date ("Constitution Day"), if it is one. */
export function englishHolidayName(isoDate: string): string | undefined {
  const year = Number(isoDate.slice(0, 4));
  let names = englishByYear.get(year);
  if (!names) {
    names = new Map(
      norwayEn
        .getHolidays(year, "en")
        .filter((h) => h.type === "public")
        .map((h) => [h.date.slice(0, 10), h.name] as const),
    );
    englishByYear.set(year, names);
  }
  return names.get(isoDate);
}
