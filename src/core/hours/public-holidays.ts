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
const englishByYear = new Map<number, readonly { readonly date: string; readonly name: string }[]>();

/** Norway's public holidays of a year with their English names (two may fall on one date, as in 2027). */
export function norwegianPublicHolidaysInEnglish(
  year: number,
): readonly { readonly date: string; readonly name: string }[] {
  let list = englishByYear.get(year);
  if (!list) {
    list = norwayEn
      .getHolidays(year, "en")
      .filter((h) => h.type === "public")
      .map((h) => ({ date: h.date.slice(0, 10), name: h.name }));
    englishByYear.set(year, list);
  }
  return list;
}

/** The English name(s) of the public holiday(s) on a local date ("Constitution Day"), if it is one. */
export function englishHolidayName(isoDate: string): string | undefined {
  const names = norwegianPublicHolidaysInEnglish(Number(isoDate.slice(0, 4)))
    .filter((h) => h.date === isoDate)
    .map((h) => h.name);
  return names.length > 0 ? names.join(", ") : undefined;
}
