import path from "node:path";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { OpeningHoursCalendar, openingHoursOf } from "../../src/core/hours/opening-hours.js";
import { norwegianPublicHoliday, norwegianPublicHolidays } from "../../src/core/hours/public-holidays.js";
import { loadKnowledgeBase } from "../../src/core/knowledge/index.js";
import type { OpeningHours } from "../../src/core/knowledge/types.js";

const knowledge = loadKnowledgeBase(path.resolve(import.meta.dirname, "../../knowledge"));
const rorIkt = openingHoursOf(knowledge.organisations.get("ror-ikt")!);
const dnb = openingHoursOf(knowledge.organisations.get("dnb")!);

/** An instant given as Oslo wall-clock time. */
const oslo = (local: string) => DateTime.fromISO(local, { zone: "Europe/Oslo" }).toJSDate();
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe("Norwegian public holidays (date-holidays, type public)", () => {
  it("lists 2026's twelve holidays and nothing else", () => {
    expect(norwegianPublicHolidays(2026)).toMatchInlineSnapshot(`
      [
        {
          "date": "2026-01-01",
          "name": "Første nyttårsdag",
        },
        {
          "date": "2026-04-02",
          "name": "Skjærtorsdag",
        },
        {
          "date": "2026-04-03",
          "name": "Langfredag",
        },
        {
          "date": "2026-04-05",
          "name": "Første påskedag",
        },
        {
          "date": "2026-04-06",
          "name": "Andre påskedag",
        },
        {
          "date": "2026-05-01",
          "name": "Arbeidernes dag",
        },
        {
          "date": "2026-05-14",
          "name": "Kristi himmelfartsdag",
        },
        {
          "date": "2026-05-17",
          "name": "Grunnlovsdagen",
        },
        {
          "date": "2026-05-24",
          "name": "Første pinsedag",
        },
        {
          "date": "2026-05-25",
          "name": "Andre pinsedag",
        },
        {
          "date": "2026-12-25",
          "name": "Første juledag",
        },
        {
          "date": "2026-12-26",
          "name": "Andre juledag",
        },
      ]
    `);
  });

  it("does not count Christmas Eve or New Year's Eve (bank half-days) as holidays", () => {
    expect(norwegianPublicHoliday("2026-12-24")).toBeUndefined();
    expect(norwegianPublicHoliday("2026-12-31")).toBeUndefined();
    expect(norwegianPublicHoliday("2027-03-25")?.name).toBe("Skjærtorsdag");
  });
});

describe("opening hours (Europe/Oslo)", () => {
  it("is open on a weekday within the hours, closed before, at the end and after", () => {
    expect(rorIkt.isOpen(oslo("2026-11-23T08:00:00"))).toBe(true);
    expect(rorIkt.isOpen(oslo("2026-11-23T15:29:59"))).toBe(true);
    expect(rorIkt.isOpen(oslo("2026-11-23T07:59:59"))).toBe(false);
    expect(rorIkt.isOpen(oslo("2026-11-23T15:30:00"))).toBe(false);
  });

  it("finds the next opening later the same day, the next day and across a weekend", () => {
    expect(iso(rorIkt.nextOpening(oslo("2026-11-23T06:00:00")))).toBe(iso(oslo("2026-11-23T08:00:00")));
    expect(iso(rorIkt.nextOpening(oslo("2026-11-23T16:00:00")))).toBe(iso(oslo("2026-11-24T08:00:00")));
    expect(iso(rorIkt.nextOpening(oslo("2026-11-27T16:00:00")))).toBe(iso(oslo("2026-11-30T08:00:00")));
    const now = oslo("2026-11-24T09:00:00");
    expect(rorIkt.nextOpening(now)).toBe(now);
  });

  it("is closed on public holidays and skips Easter from Maundy Thursday to Easter Monday", () => {
    expect(rorIkt.isOpen(oslo("2026-12-25T10:00:00"))).toBe(false);
    expect(iso(rorIkt.nextOpening(oslo("2026-12-25T10:00:00")))).toBe(iso(oslo("2026-12-28T08:00:00")));
    expect(iso(rorIkt.nextOpening(oslo("2026-04-01T16:00:00")))).toBe(iso(oslo("2026-04-07T08:00:00")));
    expect(rorIkt.status(oslo("2026-05-17T10:00:00")).holiday?.name).toBe("Grunnlovsdagen");
    // Christmas Eve is an ordinary Thursday here.
    expect(rorIkt.isOpen(oslo("2026-12-24T10:00:00"))).toBe(true);
  });

  it("keeps local opening times across daylight saving changes (adds days, not 24 hours)", () => {
    // Summer time starts Sunday 29 March 2026; Monday opens at 08:00 local = 06:00 UTC.
    expect(iso(rorIkt.nextOpening(oslo("2026-03-27T16:00:00")))).toBe("2026-03-30T06:00:00.000Z");
    // Winter time starts Sunday 25 October 2026; Monday opens at 08:00 local = 07:00 UTC.
    expect(iso(rorIkt.nextOpening(oslo("2026-10-23T16:00:00")))).toBe("2026-10-26T07:00:00.000Z");
  });

  it("is always open for a round-the-clock service that ignores holidays", () => {
    expect(dnb.isOpen(oslo("2026-12-25T03:00:00"))).toBe(true);
    expect(dnb.isOpen(oslo("2026-11-29T23:59:59"))).toBe(true);
  });

  it("returns null when a service never opens", () => {
    const never: OpeningHours = {
      summary: { nb: "Stengt", en: "Closed" },
      weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      closedOnPublicHolidays: true,
      source: { file: "x", section: "y" },
    };
    const calendar = new OpeningHoursCalendar(never, "Europe/Oslo");
    expect(calendar.nextOpening(new Date("2026-11-23T10:00:00Z"))).toBeNull();
  });

  it("supports several intervals a day", () => {
    const split: OpeningHours = {
      summary: { nb: "", en: "" },
      weekly: {
        mon: [
          ["08:00", "11:00"],
          ["12:00", "16:00"],
        ],
        tue: [],
        wed: [],
        thu: [],
        fri: [],
        sat: [],
        sun: [],
      },
      closedOnPublicHolidays: false,
      source: { file: "x", section: "y" },
    };
    const calendar = new OpeningHoursCalendar(split, "Europe/Oslo");
    expect(calendar.isOpen(oslo("2026-11-23T11:30:00"))).toBe(false);
    expect(iso(calendar.nextOpening(oslo("2026-11-23T11:30:00")))).toBe(iso(oslo("2026-11-23T12:00:00")));
  });
});
