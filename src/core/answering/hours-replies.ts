import { DateTime } from "luxon";
import { formatDay, formatOpening } from "../hours/format.js";
import type { OpeningHoursCalendar } from "../hours/opening-hours.js";
import { englishHolidayName } from "../hours/public-holidays.js";
import type { Lang, LocalizedText } from "../knowledge/types.js";
import { capitalise } from "./contact-replies.js";
import type { TimeQuery } from "./time-expressions.js";

/** Whose hours a question is about: a contact point, or the organisation itself. */
export interface HoursSubject {
  readonly name: LocalizedText;
  readonly calendar: OpeningHoursCalendar;
  readonly closedOnPublicHolidays: boolean;
  /** The hours as the source states them; every live answer ends with it. */
  readonly text: LocalizedText;
  /** What to do outside the hours, when known: added when the answer is "closed". */
  readonly outside?: LocalizedText;
}

const WEEKDAY_PLURAL: Record<Lang, readonly string[]> = {
  nb: ["mandager", "tirsdager", "onsdager", "torsdager", "fredager", "lørdager", "søndager"],
  en: ["Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays"],
};

function hm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

function intervalsText(intervals: readonly (readonly [number, number])[], lang: Lang): string {
  if (intervals.length === 1 && intervals[0]?.[0] === 0 && intervals[0]?.[1] === 24 * 60) {
    return lang === "nb" ? "hele døgnet" : "around the clock";
  }
  const list = intervals.map(([s, e]) => `${hm(s)}-${hm(e)}`);
  if (list.length <= 1) return list.join("");
  return `${list.slice(0, -1).join(", ")} ${lang === "nb" ? "og" : "and"} ${list[list.length - 1]}`;
}

function openAt(
  intervals: readonly (readonly [number, number])[],
  minute: number,
  relation: TimeQuery["relation"],
): boolean {
  if (relation === "after") return intervals.some(([, e]) => e > minute);
  if (relation === "before") return intervals.some(([s]) => s < minute);
  return intervals.some(([s, e]) => minute >= s && minute < e);
}

function clock(minute: number, relation: TimeQuery["relation"], lang: Lang): string {
  if (lang === "nb")
    return relation === "after"
      ? `etter kl. ${hm(minute)}`
      : relation === "before"
        ? `før kl. ${hm(minute)}`
        : `kl. ${hm(minute)}`;
  return relation === "after"
    ? `after ${hm(minute)}`
    : relation === "before"
      ? `before ${hm(minute)}`
      : `at ${hm(minute)}`;
}

function holidayName(iso: string, nb: string, lang: Lang): string {
  return lang === "nb" ? nb.toLowerCase() : (englishHolidayName(iso) ?? nb);
}

/**
 * A live opening-hours answer: open now or not and when it opens again, a day's hours (today,
 * tomorrow, a date, a public holiday, a weekday), or whether a clock time is within them, from
 * the same calendar and holiday rules the handoff uses. Always ends with the source's own
 * statement of the hours, and with what to do outside them when the answer is "closed".
 */
export function composeHoursReply(
  subject: HoursSubject,
  query: TimeQuery,
  now: Date,
  lang: Lang,
  yesNo: boolean,
): string {
  const cal = subject.calendar;
  const zone = cal.zone;
  // Written inside sentences ("Yes, the social-media customer team is open"); Name starts one.
  const name = subject.name[lang].replace(/^(The|A|An|Our|Your) /, (article) => article.toLowerCase());
  const Name = capitalise(name);
  const yes = yesNo ? (lang === "nb" ? "Ja, " : "Yes, ") : "";
  const no = yesNo ? (lang === "nb" ? "Nei, " : "No, ") : "";
  const start = (s: string) => (yesNo ? s : capitalise(s));
  let closed = false;
  const parts: string[] = [];
  const opensAgain = (from: Date) => {
    const at = cal.nextOpening(from);
    if (!at) return "";
    return lang === "nb"
      ? `Neste åpning er ${formatOpening("nb", at, now, zone)}.`
      : `The next opening is ${formatOpening("en", at, now, zone)}.`;
  };

  const days = query.days ?? [];
  if (days.length === 1 || (days.length === 0 && query.weekdays === undefined && query.minute === undefined)) {
    const day = days[0];
    if (!day) {
      // Now, or "when do you open again?"
      const status = cal.status(now);
      if (status.open) {
        const minute = DateTime.fromJSDate(now, { zone });
        const m = minute.hour * 60 + minute.minute;
        const until = cal.dayPlan(minute).intervals.find(([s, e]) => m >= s && m < e)?.[1];
        const untilText =
          until === undefined || until === 24 * 60
            ? ""
            : lang === "nb"
              ? `, i dag til kl. ${hm(until)}`
              : `, today until ${hm(until)}`;
        parts.push(
          lang === "nb"
            ? start(`${yes}${name} har åpent nå${untilText}.`)
            : start(`${yes}${name} is open now${untilText}.`),
        );
      } else {
        closed = true;
        const holiday = status.holiday
          ? lang === "nb"
            ? ` – i dag er det ${status.holiday.name.toLowerCase()}`
            : ` – today is a public holiday (${englishHolidayName(status.holiday.date) ?? status.holiday.name})`
          : "";
        parts.push(
          lang === "nb"
            ? start(`${query.again ? "" : no}${name} har stengt nå${holiday}.`)
            : start(`${query.again ? "" : no}${name} is closed now${holiday}.`),
        );
        parts.push(opensAgain(now));
      }
    } else {
      const plan = cal.dayPlan(day);
      const label = formatDay(lang, day, now);
      const iso = day.toISODate() ?? "";
      if (plan.holiday) {
        closed = true;
        parts.push(
          lang === "nb"
            ? start(
                `${no}${label} er ${holidayName(iso, plan.holiday.name, "nb")}, en helligdag, og da har ${name} stengt.`,
              )
            : start(
                `${no}${label} is a public holiday (${holidayName(iso, plan.holiday.name, "en")}), and ${name} is closed then.`,
              ),
        );
        parts.push(opensAgain(day.endOf("day").toJSDate()));
      } else if (plan.intervals.length === 0) {
        closed = true;
        parts.push(
          lang === "nb" ? start(`${no}${name} har stengt ${label}.`) : start(`${no}${name} is closed ${label}.`),
        );
        parts.push(opensAgain(day.endOf("day").toJSDate()));
      } else if (query.minute !== undefined) {
        const at = clock(query.minute, query.relation, lang);
        const hours = intervalsText(plan.intervals, lang);
        if (openAt(plan.intervals, query.minute, query.relation)) {
          parts.push(
            lang === "nb"
              ? start(`${yes}${label} ${at} har ${name} åpent (${hours}).`)
              : start(`${yes}${name} is open ${label} ${at} (${hours}).`),
          );
        } else {
          closed = true;
          parts.push(
            lang === "nb"
              ? start(`${no}${label} ${at} har ${name} stengt – åpningstiden da er ${hours}.`)
              : start(`${no}${name} is closed ${label} ${at} – the hours that day are ${hours}.`),
          );
        }
      } else {
        const hours = intervalsText(plan.intervals, lang);
        parts.push(
          lang === "nb"
            ? start(`${yes}${label} har ${name} åpent ${hours}.`)
            : start(`${yes}${name} is open ${label}, ${hours}.`),
        );
      }
    }
  } else if (days.length > 1) {
    const lines = days.map((d) => {
      const plan = cal.dayPlan(d);
      const label = formatDay(lang, d, now);
      const iso = d.toISODate() ?? "";
      const what = plan.holiday
        ? lang === "nb"
          ? `stengt (${holidayName(iso, plan.holiday.name, "nb")})`
          : `closed (${holidayName(iso, plan.holiday.name, "en")})`
        : plan.intervals.length === 0
          ? lang === "nb"
            ? "stengt"
            : "closed"
          : intervalsText(plan.intervals, lang);
      return `- ${label}: ${what}`;
    });
    const allClosed = days.every((d) => cal.dayPlan(d).intervals.length === 0);
    closed = allClosed;
    parts.push(
      lang === "nb"
        ? `${allClosed ? start(`${no}${name} har stengt alle disse dagene`) : `${Name} har disse åpningstidene`}:\n${lines.join("\n")}\n`
        : `${allClosed ? start(`${no}${name} is closed on all these days`) : `${Name} has these hours`}:\n${lines.join("\n")}\n`,
    );
  } else if (query.weekdays) {
    const holidayNote = subject.closedOnPublicHolidays
      ? lang === "nb"
        ? ", unntatt helligdager"
        : ", except public holidays"
      : "";
    const plans = query.weekdays.map((w) => ({ w, intervals: weekdayIntervals(cal, w, now) }));
    if (plans.every((p) => p.intervals.length === 0)) {
      closed = true;
      const list = plans.map((p) => WEEKDAY_PLURAL[lang][p.w - 1]).join(lang === "nb" ? " og " : " and ");
      parts.push(
        lang === "nb"
          ? start(`${no}${name} har ikke åpent på ${list}.`)
          : start(`${no}${name} is not open on ${list}.`),
      );
      if (!cal.isOpen(now)) parts.push(opensAgain(now));
    } else if (query.minute !== undefined) {
      const at = clock(query.minute, query.relation, lang);
      const open = plans.every((p) => openAt(p.intervals, query.minute as number, query.relation));
      const list = plans.map((p) => WEEKDAY_PLURAL[lang][p.w - 1]).join(lang === "nb" ? " og " : " and ");
      const hours = intervalsText(plans[0]?.intervals ?? [], lang);
      closed = !open;
      parts.push(
        open
          ? lang === "nb"
            ? start(`${yes}på ${list} ${at} har ${name} åpent (åpningstid ${hours}${holidayNote}).`)
            : start(`${yes}${name} is open on ${list} ${at} (hours ${hours}${holidayNote}).`)
          : lang === "nb"
            ? start(`${no}på ${list} ${at} har ${name} stengt – åpningstiden er ${hours}.`)
            : start(`${no}${name} is closed on ${list} ${at} – the hours are ${hours}.`),
      );
    } else {
      for (const p of plans) {
        const day = WEEKDAY_PLURAL[lang][p.w - 1];
        parts.push(
          p.intervals.length === 0
            ? lang === "nb"
              ? start(`${no}${name} har ikke åpent på ${day}.`)
              : start(`${no}${name} is not open on ${day}.`)
            : lang === "nb"
              ? start(`${yes}på ${day} har ${name} åpent ${intervalsText(p.intervals, lang)}${holidayNote}.`)
              : start(`${yes}${name} is open on ${day}, ${intervalsText(p.intervals, lang)}${holidayNote}.`),
        );
      }
    }
  } else if (query.minute !== undefined) {
    // A clock time without a day: on the days it is open at all.
    const week = [1, 2, 3, 4, 5, 6, 7].map((w) => ({ w, intervals: weekdayIntervals(cal, w, now) }));
    const openDays = week.filter((p) => p.intervals.length > 0);
    const at = clock(query.minute, query.relation, lang);
    const open = openDays.filter((p) => openAt(p.intervals, query.minute as number, query.relation));
    if (open.length === 0) {
      closed = true;
      parts.push(lang === "nb" ? start(`${no}${at} har ${name} stengt.`) : start(`${no}${name} is closed ${at}.`));
    } else {
      parts.push(
        lang === "nb"
          ? start(`${yes}${at} har ${name} åpent${open.length < 7 ? " på dager med åpningstid" : ""}.`)
          : start(`${yes}${name} is open ${at}${open.length < 7 ? " on the days it is open" : ""}.`),
      );
    }
  }
  parts.push(subject.text[lang]);
  if (closed && subject.outside) parts.push(subject.outside[lang]);
  return parts.filter(Boolean).join(" ").replace(/\n /g, "\n");
}

/** The weekly intervals of a weekday (1 = Monday), ignoring holidays: the next such day that is not one. */
function weekdayIntervals(cal: OpeningHoursCalendar, weekday: number, now: Date): Array<[number, number]> {
  let day = DateTime.fromJSDate(now, { zone: cal.zone }).startOf("day");
  day = day.plus({ days: (weekday - day.weekday + 7) % 7 });
  for (let i = 0; i < 10; i++) {
    const plan = cal.dayPlan(day);
    if (!plan.holiday) return plan.intervals;
    day = day.plus({ weeks: 1 });
  }
  return [];
}
