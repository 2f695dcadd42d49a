import { DateTime } from "luxon";
import { norwegianPublicHolidaysInEnglish } from "../hours/public-holidays.js";

/**
 * When a question asks about: now, a day (today, tomorrow, a date, a public holiday, the coming
 * Saturday), weekdays in general ("på lørdager", "on a Tuesday"), a period (Easter, Christmas), a
 * clock time ("kl 18", "3:45 pm", "ni om kvelden", "after 18"), or the next opening ("igjen").
 */
export interface TimeQuery {
  readonly now?: boolean;
  /** "Når åpner dere igjen?": the next opening. */
  readonly again?: boolean;
  /** Specific local days, in order (one for "i morgen", several for "i påsken"). */
  readonly days?: readonly DateTime[];
  /** What the customer called the day(s), when it is a named day ("17. mai", "påsken"). */
  readonly dayName?: string;
  /** Weekdays in general (1 = Monday … 7 = Sunday). */
  readonly weekdays?: readonly number[];
  /** Minutes since local midnight. */
  readonly minute?: number;
  /** "etter kl 18" / "before 8": the time is a bound, not a moment. */
  readonly relation?: "at" | "after" | "before";
}

const MONTHS: Readonly<Record<string, number>> = {
  januar: 1,
  jan: 1,
  january: 1,
  februar: 2,
  feb: 2,
  february: 2,
  mars: 3,
  mar: 3,
  march: 3,
  april: 4,
  apr: 4,
  mai: 5,
  may: 5,
  juni: 6,
  jun: 6,
  june: 6,
  juli: 7,
  jul: 7,
  july: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  oktober: 10,
  okt: 10,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  desember: 12,
  des: 12,
  december: 12,
  dec: 12,
};
const MONTH = Object.keys(MONTHS).join("|");

const WEEKDAY_WORDS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^(?:mandag\w*|monday\w*|mon)$/, 1],
  [/^(?:tirsdag\w*|tuesday\w*|tue|tues)$/, 2],
  [/^(?:onsdag\w*|wednesday\w*|wed)$/, 3],
  [/^(?:torsdag\w*|thursday\w*|thu|thurs)$/, 4],
  [/^(?:fredag\w*|friday\w*|fri)$/, 5],
  [/^(?:lordag\w*|saturday\w*|sat)$/, 6],
  [/^(?:sondag\w*|sunday\w*|sun)$/, 7],
];

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  ett: 1,
  to: 2,
  tre: 3,
  fire: 4,
  fem: 5,
  seks: 6,
  sju: 7,
  syv: 7,
  atte: 8,
  ni: 9,
  ti: 10,
  elleve: 11,
  tolv: 12,
};

type DayResolver = (year: number) => readonly string[];

/** The public holiday of a year by its English name in date-holidays ("Easter Sunday"). */
function holidayDate(year: number, english: string): string | undefined {
  return norwegianPublicHolidaysInEnglish(year).find((h) => h.name === english)?.date;
}

function plusDays(iso: string | undefined, days: number): string | undefined {
  if (!iso) return undefined;
  return DateTime.fromISO(iso).plus({ days }).toISODate() ?? undefined;
}

const one =
  (english: string, offset = 0): DayResolver =>
  (year) => {
    const d = plusDays(holidayDate(year, english), offset);
    return d ? [d] : [];
  };
const fixed =
  (month: number, ...days: number[]): DayResolver =>
  (year) =>
    days.map((d) => DateTime.fromObject({ year, month, day: d }).toISODate() ?? "");

/** Named days and periods, longest phrasings first (folded, bokmål). */
const NAMED_DAYS: ReadonlyArray<readonly [RegExp, DayResolver]> = [
  [/(?:forste|1) nyttarsdag|nyttarsdag\w*|new years? day|new year s day/, one("New Year's Day")],
  [/nyttarsaften\w*|new years? eve|new year s eve/, fixed(12, 31)],
  [/skjartorsdag\w*|maundy thursday|holy thursday/, one("Maundy Thursday")],
  [/langfredag\w*|good friday/, one("Good Friday")],
  [/paskeaften\w*|easter saturday|holy saturday/, one("Easter Sunday", -1)],
  [/(?:andre|2) paskedag\w*|easter monday/, one("Easter Monday")],
  [/(?:forste|1) paskedag\w*|paskedag\w*|easter sunday|easter day/, one("Easter Sunday")],
  [
    /\bpask\w*|\beaster\b/,
    (year) =>
      [-3, -2, -1, 0, 1].map((o) => plusDays(holidayDate(year, "Easter Sunday"), o)).filter((d): d is string => !!d),
  ],
  [/arbeidernes dag|labou?r day|may day|(?:forste|1) mai\b/, one("Labour Day")],
  [/kristi himmelfart\w*|himmelfart\w*|ascension(?: day)?/, one("Ascension Day")],
  [/syttende mai|grunnlovsdag\w*|nasjonaldag\w*|constitution day|national day/, one("Constitution Day")],
  [/(?:andre|2) pinsedag\w*|whit monday/, one("Whit Monday")],
  [/pinseaften\w*/, one("Pentecost", -1)],
  [/(?:forste|1) pinsedag\w*|pinsedag\w*|\bpinse\w*|pentecost|whit sunday|whitsun\w*/, one("Pentecost")],
  [/julaften\w*|christmas eve/, fixed(12, 24)],
  [/(?:andre|2) juledag\w*|boxing day/, one("Boxing Day")],
  [/(?:forste|1) juledag\w*|juledag\w*|christmas day/, one("Christmas Day")],
  [/romjul\w*/, fixed(12, 27, 28, 29, 30)],
  [/\bjul(?:a|en|eferie\w*)?\b|\bchristmas\b/, fixed(12, 24, 25, 26)],
];

/** The first year (this or next) in which the days have not all passed. */
function upcoming(resolve: DayResolver, today: DateTime): DateTime[] {
  for (const year of [today.year, today.year + 1]) {
    const days = resolve(year)
      .filter(Boolean)
      .map((d) => DateTime.fromISO(d, { zone: today.zoneName ?? "Europe/Oslo" }).startOf("day"));
    if (days.length > 0 && days[days.length - 1]!.toMillis() >= today.startOf("day").toMillis()) return days;
  }
  return [];
}

function dateOf(day: number, month: number, year: number | undefined, today: DateTime): DateTime | undefined {
  const zone = today.zoneName ?? "Europe/Oslo";
  const build = (y: number) => DateTime.fromObject({ year: y, month, day }, { zone });
  if (year !== undefined) {
    const d = build(year < 100 ? 2000 + year : year);
    return d.isValid ? d : undefined;
  }
  const d = build(today.year);
  if (!d.isValid) return undefined;
  return d < today.startOf("day") ? build(today.year + 1) : d;
}

function toMinute(hour: number, minute: number, meridiem: string | undefined, evening: boolean): number | undefined {
  let h = hour;
  if (h > 24 || minute > 59) return undefined;
  const pm = meridiem === "pm" || evening;
  if (pm && h < 12) h += 12;
  if (meridiem === "am" && h === 12) h = 0;
  // "kl 5" at a service desk is five in the afternoon.
  if (meridiem === undefined && !evening && h >= 1 && h <= 6) h += 12;
  return h * 60 + minute;
}

const EVENING =
  /\b(?:om kvelden|pa kvelden|i kveld|kveld\w*|evening|tonight|in the evening|at night|om natta|om natten)\b/;
const CLOCK =
  /(?:\b(etter|after|past|for|before|innen|by|fra|from|rundt|around|ca|omkring)\s+)?(?:\b(?:kl|klokka|klokken|at|halv|half past)\s*\.?\s*)?\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a m|p m)?\b/g;

/** Compiled once (none has the g flag, so none keeps state between questions). */
const DAY_MONTH = new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(${MONTH})\b(?:\s+(\d{4}))?`);
const MONTH_DAY = new RegExp(String.raw`\b(${MONTH})\s+(\d{1,2})(?:st|nd|rd|th)?\b`);
const MONTH_AFTER = new RegExp(String.raw`^\s*(?:st|nd|rd|th)?\s*(?:of\s+)?(?:${MONTH})\b`);
const CLOCK_WORD = new RegExp(
  String.raw`\b(?:(kl|klokka|klokken|at|halv)\s+)?(${Object.keys(NUMBER_WORDS).join("|")})\s*(o ?clock|om kvelden|in the evening|pm|am|tiden)?\b`,
);

/** Reads the time references of a folded (bokmål-read) question; undefined when it has none. */
export function readTimeQuery(folded: string, now: DateTime | (() => DateTime)): TimeQuery | undefined {
  const s = folded
    .replace(/(\d)\.(?=\s|$)/g, "$1")
    .replace(/[^a-z0-9:./\s]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  // The day is worked out (in the organisation's zone) only when a date is read: most questions have none.
  let startOfToday: DateTime | undefined;
  const today = (): DateTime => {
    startOfToday ??= (typeof now === "function" ? now() : now).startOf("day");
    return startOfToday;
  };
  const out: {
    now?: boolean;
    again?: boolean;
    days?: DateTime[];
    dayName?: string;
    weekdays?: number[];
    minute?: number;
    relation?: "at" | "after" | "before";
  } = {};

  if (/\b(?:igjen|again|neste gang|next time|reopen\w*|gjenapn\w*)\b/.test(s)) out.again = true;
  if (
    /\b(?:akkurat na|right now|for oyeblikket|i oyeblikket|currently|at the moment|now)\b/.test(s) ||
    /\bna\b(?! (?:dere|dem|deg|ham|henne|han|hun|dykk))/.test(s) ||
    /\b(?:apne|apen|apent|opne|open|stengt|inne|jobb) no\b/.test(s)
  ) {
    out.now = true;
  }

  // Named days and periods.
  for (const [re, resolve] of NAMED_DAYS) {
    const m = re.exec(s);
    if (!m) continue;
    const days = upcoming(resolve, today());
    if (days.length > 0) {
      out.days = days;
      out.dayName = m[0].trim();
    }
    break;
  }

  // Dates: "17 mai", "17th of may", "may 17", "24/12".
  if (!out.days) {
    const dm = DAY_MONTH.exec(s);
    const md = MONTH_DAY.exec(s);
    const num = /\b(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?\b/.exec(s);
    let date: DateTime | undefined;
    let name: string | undefined;
    if (dm) {
      date = dateOf(Number(dm[1]), MONTHS[dm[2] as string] as number, dm[3] ? Number(dm[3]) : undefined, today());
      name = dm[0];
    } else if (md && (md[1] !== "may" || /\bmay \d/.test(s))) {
      date = dateOf(Number(md[2]), MONTHS[md[1] as string] as number, undefined, today());
      name = md[0];
    } else if (num) {
      date = dateOf(Number(num[1]), Number(num[2]), num[3] ? Number(num[3]) : undefined, today());
      name = num[0];
    }
    if (date) {
      out.days = [date];
      out.dayName = name;
    }
  }

  if (!out.days) {
    if (/\b(?:i overmorgen|overmorgen|day after tomorrow)\b/.test(s)) out.days = [today().plus({ days: 2 })];
    else if (/\b(?:i morgen|imorgen|tomorrow)\b/.test(s)) out.days = [today().plus({ days: 1 })];
    else if (/\b(?:i dag|idag|today|tonight|i kveld|i ettermiddag|this (?:evening|afternoon|morning))\b/.test(s)) {
      out.days = [today()];
    }
  }

  // Weekdays: "på lørdag" (the coming one) or "på lørdager", "on a Saturday", "on Saturdays" (any).
  if (!out.days) {
    const words = s.split(" ");
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as string;
      const hit = WEEKDAY_WORDS.find(([re]) => re.test(w));
      if (!hit) continue;
      const before = words[i - 1] ?? "";
      const plural = /(?:ene|er|s)$/.test(w) && !/^(?:tuesday|wednesday|thursday)$/.test(w);
      const generic = plural || /^(?:a|en|hver|alle|every|any)$/.test(before);
      if (generic) out.weekdays = [...(out.weekdays ?? []), hit[1]];
      else {
        const ahead = (hit[1] - today().weekday + 7) % 7;
        const next = /^(?:neste|next)$/.test(before) && ahead === 0 ? 7 : ahead;
        out.days = [today().plus({ days: next })];
      }
      break;
    }
    if (!out.days && !out.weekdays && /\b(?:helg\w*|weekend\w*)\b/.test(s)) out.weekdays = [6, 7];
  }

  // Clock times.
  const evening = EVENING.test(s);
  for (const m of s.matchAll(CLOCK)) {
    const [whole, rel, hour, minute, meridiem] = m;
    const marked = /\b(?:kl|klokka|klokken|at|halv|half past)\b/.test(whole) || minute !== undefined || meridiem;
    const bound = rel !== undefined && /^(?:etter|after|for|before)$/.test(rel);
    if ((!marked && !bound) || hour === undefined) continue;
    // A date's day number ("17 mai"), a duration ("innen 2 arbeidstimer") or a year is not a time.
    const after = s.slice((m.index ?? 0) + whole.length);
    if (
      !marked &&
      /^\s*(?:arbeids)?(?:timer|time|minutt\w*|sekund\w*|dager|dag|uker|uke|ar|hours?|minutes?|seconds?|days?|weeks?|years?)\b/.test(
        after,
      )
    ) {
      continue;
    }
    if (MONTH_AFTER.test(after)) continue;
    if (minute === undefined && /^[./]\d/.test(after)) continue;
    let h = Number(hour);
    let min = minute !== undefined ? Number(minute) : 0;
    if (/\bhalv\b/.test(whole)) {
      h -= 1;
      min = 30;
    } else if (/half past/.test(whole)) min = 30;
    const value = toMinute(h, min, meridiem?.replace(" ", ""), evening);
    if (value === undefined) continue;
    out.minute = value;
    out.relation =
      rel && /^(?:etter|after|past)$/.test(rel)
        ? "after"
        : rel && /^(?:for|before|innen|by)$/.test(rel)
          ? "before"
          : "at";
    break;
  }
  if (out.minute === undefined) {
    const word = CLOCK_WORD.exec(s);
    if (word && (word[1] || word[3])) {
      let h = NUMBER_WORDS[word[2] as string] as number;
      let min = 0;
      if (word[1] === "halv") {
        h -= 1;
        min = 30;
      }
      const value = toMinute(h, min, word[3] === "pm" ? "pm" : word[3] === "am" ? "am" : undefined, evening);
      if (value !== undefined) {
        out.minute = value;
        out.relation = "at";
      }
    }
  }
  if (out.minute === undefined && evening) {
    // "om kvelden", "at night": evening is after 18, night is 02.
    out.minute = /\b(?:natt\w*|night|overnight)\b/.test(s) ? 2 * 60 : 19 * 60;
    out.relation = "at";
  } else if (out.minute === undefined && /\b(?:natt\w*|night|overnight)\b/.test(s)) {
    out.minute = 2 * 60;
    out.relation = "at";
  }

  const any = out.now || out.again || out.days !== undefined || out.weekdays !== undefined || out.minute !== undefined;
  return any ? out : undefined;
}
