import { describe, expect, it } from "vitest";
import type { Principal } from "../../src/core/accounts/roles.js";
import { dailyReport } from "../../src/core/reports/daily-report.js";
import { csvField, reportCsv } from "../../src/core/reports/report-csv.js";
import { dayIndex, reportPeriod } from "../../src/core/reports/report-period.js";
import { ReportService } from "../../src/core/reports/report-service.js";
import type {
  ReportConversation,
  ReportFeedback,
  ReportHandoff,
  ReportQuestion,
  ReportStore,
} from "../../src/core/reports/report-store.js";
import { median, percentile } from "../../src/core/reports/statistics.js";

const at = (iso: string) => new Date(iso);

/** One generated random set and a sort-based reference, for the order statistics. */
function generated(seed: number, n: number): number[] {
  let a = seed;
  return Array.from({ length: n }, () => {
    a = (a * 1103515245 + 12345) % 2 ** 31;
    return a % 1000;
  });
}

describe("order statistics", () => {
  it("median and p90 of small sets, worked by hand", () => {
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([60, 600, 120, 180])).toBe(150); // (120 + 180) / 2
    expect(percentile([60, 600, 120, 180], 90)).toBe(600); // rank ceil(0.9 * 4) = 4
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9); // rank 9
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10); // rank ceil(9.9) = 10
    expect(median([])).toBeNull();
    expect(percentile([], 90)).toBeNull();
  });

  it("p90 of generated data: at least 90 % at or below it, and fewer than 90 % below it", () => {
    for (const seed of [1, 7, 42, 99]) {
      const values = generated(seed, 1 + (seed % 50) * 7);
      const p = percentile(values, 90) as number;
      expect(values.filter((v) => v <= p).length / values.length).toBeGreaterThanOrEqual(0.9);
      expect(values.filter((v) => v < p).length / values.length).toBeLessThan(0.9);
      const sorted = [...values].sort((x, y) => x - y);
      const m = median(values) as number;
      expect(sorted.filter((v) => v < m).length).toBeLessThanOrEqual(values.length / 2);
      expect(sorted.filter((v) => v > m).length).toBeLessThanOrEqual(values.length / 2);
    }
  });
});

describe("report period", () => {
  it("counts local days across the spring daylight-saving change", () => {
    const p = reportPeriod("2026-03-28", "2026-03-30");
    expect(p.days).toEqual(["2026-03-28", "2026-03-29", "2026-03-30"]);
    // 28 March starts at 23:00 UTC the day before (CET); 30 March at 22:00 UTC (CEST): the 29th has 23 hours.
    expect(p.bounds.map((b) => new Date(b).toISOString())).toEqual([
      "2026-03-27T23:00:00.000Z",
      "2026-03-28T23:00:00.000Z",
      "2026-03-29T22:00:00.000Z",
      "2026-03-30T22:00:00.000Z",
    ]);
    expect(dayIndex(p, at("2026-03-29T21:59:59.999Z"))).toBe(1);
    expect(dayIndex(p, at("2026-03-29T22:00:00.000Z"))).toBe(2);
    expect(dayIndex(p, at("2026-03-27T22:59:59.999Z"))).toBe(-1);
  });

  it("refuses dates that do not exist, reversed ranges and more than 366 days", () => {
    expect(() => reportPeriod("2026-02-30", "2026-03-01")).toThrow(/from must be a date/);
    expect(() => reportPeriod("2026-03-02", "2026-03-01")).toThrow(/not be before/);
    expect(() => reportPeriod("2025-01-01", "2026-01-02")).toThrow(/at most 366 days/);
    expect(reportPeriod("2024-01-01", "2024-12-31").days).toHaveLength(366);
  });
});

/**
 * A small set worked by hand, over 28–30 March 2026 (Europe/Oslo; summer
 * time starts on the 29th):
 *
 * 28th: 3 + 1 + 1 conversations (the hour 23:00 UTC on the 27th is 00:00 on
 *       the 28th), 4 answered by the bot alone; ratings 5 and 4.
 *       Handoffs: 4, first responses 60, 120, 180, 600 s (median 150, p90
 *       600), resolutions 300 and 900 s (median 600, p90 900); one more
 *       request abandoned without a reply.
 * 29th: 2 conversations at 21:00 UTC (23:00 CEST), none by the bot alone,
 *       both rated 2. One handoff, reply after 30 s, abandoned later.
 * 30th: 1 conversation at 22:00 UTC on the 29th (00:00 CEST on the 30th), by
 *       the bot alone.
 * Outside: a conversation at 22:00 UTC on the 27th (23:00 on the 27th).
 */
const conversations: ReportConversation[] = [
  { startedAt: at("2026-03-28T10:00:00Z"), count: 4, botOnly: 3, ratings: [0, 0, 0, 0, 1] },
  { startedAt: at("2026-03-27T23:00:00Z"), count: 1, botOnly: 1, ratings: [0, 0, 0, 1, 0] },
  { startedAt: at("2026-03-27T22:00:00Z"), count: 1, botOnly: 1, ratings: [1, 0, 0, 0, 0] },
  { startedAt: at("2026-03-29T21:00:00Z"), count: 2, botOnly: 0, ratings: [0, 2, 0, 0, 0] },
  { startedAt: at("2026-03-29T22:00:00Z"), count: 1, botOnly: 1, ratings: [0, 0, 0, 0, 0] },
];
const day1 = "2026-03-28T10:00:00Z";
const handoff = (
  startedAt: string,
  reply: number | null,
  status: string,
  resolution: number | null = null,
): ReportHandoff => ({
  conversationStartedAt: at(startedAt),
  status,
  firstResponseSeconds: reply,
  endedAfterSeconds: resolution,
});
const handoffs: ReportHandoff[] = [
  handoff(day1, 60, "completed", 300),
  handoff(day1, 600, "completed", 900),
  handoff(day1, 120, "assigned"),
  handoff(day1, 180, "assigned"),
  handoff(day1, null, "abandoned"),
  handoff("2026-03-29T21:00:00Z", 30, "abandoned", 90),
  handoff("2026-03-27T22:00:00Z", 5, "completed", 10),
];
const feedback: ReportFeedback[] = [
  { entryId: "opening-hours", helpful: true, count: 2 },
  { entryId: "opening-hours", helpful: false, count: 1 },
  { entryId: "password", helpful: false, count: 1 },
  { entryId: null, helpful: true, count: 1 },
];
const questions: ReportQuestion[] = [
  { conversationStartedAt: at(day1), askedAt: at("2026-03-28T10:01:00Z"), text: "Skriv til ola@example.no  nå" },
  { conversationStartedAt: at(day1), askedAt: at("2026-03-28T10:05:00Z"), text: "skriv til kari@example.no nå" },
  { conversationStartedAt: at("2026-03-29T21:00:00Z"), askedAt: at("2026-03-29T21:01:00Z"), text: "Parkering?" },
  { conversationStartedAt: at("2026-03-27T22:00:00Z"), askedAt: at("2026-03-27T22:01:00Z"), text: "utenfor" },
];

describe("daily report", () => {
  const report = dailyReport("org-1", reportPeriod("2026-03-28", "2026-03-30"), {
    conversations,
    handoffs,
    feedback,
    questions,
  });

  it("counts conversations, containment, handoffs and abandoned per local day", () => {
    const [d28, d29, d30] = report.days;
    expect(d28).toMatchObject({
      date: "2026-03-28",
      conversations: 5,
      botOnly: 4,
      containment: 0.8,
      handoffs: 5,
      abandoned: 1,
    });
    expect(d29).toMatchObject({
      date: "2026-03-29",
      conversations: 2,
      botOnly: 0,
      containment: 0,
      handoffs: 1,
      abandoned: 1,
    });
    expect(d30).toMatchObject({ date: "2026-03-30", conversations: 1, botOnly: 1, containment: 1, handoffs: 0 });
    expect(report.total).toMatchObject({ conversations: 8, botOnly: 5, containment: 5 / 8, handoffs: 6, abandoned: 2 });
  });

  it("gives first response and resolution times as median and p90", () => {
    const [d28, d29, d30] = report.days;
    expect(d28?.firstResponse).toEqual({ count: 4, median: 150, p90: 600 });
    expect(d28?.resolution).toEqual({ count: 2, median: 600, p90: 900 });
    expect(d29?.firstResponse).toEqual({ count: 1, median: 30, p90: 30 });
    expect(d29?.resolution).toEqual({ count: 0, median: null, p90: null }); // abandoned: not a resolution
    expect(d30?.firstResponse).toEqual({ count: 0, median: null, p90: null });
    // All five replies: 30, 60, 120, 180, 600 → median 120, p90 rank ceil(4.5) = 5 → 600.
    expect(report.total.firstResponse).toEqual({ count: 5, median: 120, p90: 600 });
  });

  it("takes CSAT from the end-of-chat ratings", () => {
    expect(report.days[0]?.ratings).toEqual({ count: 2, average: 4.5, satisfied: 1 });
    expect(report.days[1]?.ratings).toEqual({ count: 2, average: 2, satisfied: 0 });
    expect(report.days[2]?.ratings).toEqual({ count: 0, average: null, satisfied: null });
    expect(report.total.ratings).toEqual({ count: 4, average: 13 / 4, satisfied: 0.5 });
  });

  it("counts 'was this helpful?' per knowledge entry, most rated first", () => {
    expect(report.helpfulness).toEqual([
      { entryId: "opening-hours", helpful: 2, notHelpful: 1, share: 2 / 3 },
      { entryId: null, helpful: 1, notHelpful: 0, share: 1 },
      { entryId: "password", helpful: 0, notHelpful: 1, share: 0 },
    ]);
  });

  it("lists unanswered questions masked and grouped, most asked first", () => {
    expect(report.days.map((d) => d.unanswered)).toEqual([2, 1, 0]);
    expect(report.unanswered.total).toBe(3);
    expect(report.unanswered.questions).toEqual([
      { question: "skriv til [e-post] nå", count: 2, lastAskedAt: "2026-03-28T10:05:00.000Z" },
      { question: "Parkering?", count: 1, lastAskedAt: "2026-03-29T21:01:00.000Z" },
    ]);
    expect(JSON.stringify(report)).not.toMatch(/example\.no/);
  });
});

describe("report CSV", () => {
  it("quotes commas, quotes and line breaks, and defuses formulas", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField("+47 912 34 567")).toBe('"\'+47 912 34 567"');
    expect(csvField("@SUM(A1)")).toBe('"\'@SUM(A1)"');
    expect(csvField("-1")).toBe('"\'-1"');
    expect(csvField(0.6666666)).toBe("0.667");
    expect(csvField(null)).toBe("");
  });

  it("writes the day table with a total row, and the question table masked", () => {
    const report = dailyReport("org-1", reportPeriod("2026-03-28", "2026-03-30"), {
      conversations,
      handoffs,
      feedback,
      questions: [...questions, { conversationStartedAt: at(day1), askedAt: at(day1), text: "=cmd|' /C calc'!A0" }],
    });
    const days = reportCsv(report, "days").split("\r\n");
    expect(days[0]).toMatch(/^date,conversations,bot_only,containment,handoffs,abandoned_in_queue,first_responses/);
    expect(days[1]).toBe("2026-03-28,5,4,0.8,5,1,4,150,600,2,600,900,2,4.5,1,3");
    expect(days[4]).toMatch(/^total,8,5,0.625,6,2,5,120,600,/);
    expect(days).toHaveLength(6); // header, 3 days, total, and the empty string after the last CRLF
    const q = reportCsv(report, "questions");
    expect(q).toContain("\"'=cmd|' /C calc'!A0\"");
    expect(q).toContain("skriv til [e-post] nå,2,");
    expect(reportCsv(report, "entries").split("\r\n")[1]).toBe("opening-hours,2,1,0.667");
  });
});

describe("report service", () => {
  const store: ReportStore & { windows: unknown[] } = {
    windows: [],
    organisationName: async (id) => (id === "org-1" ? "Alpha" : null),
    conversations: async (w) => {
      store.windows.push(w);
      return conversations;
    },
    handoffs: async () => handoffs,
    feedback: async () => feedback,
    unansweredQuestions: async () => questions,
  };
  const principal = (role: Principal["role"], organisationId: string | null): Principal => ({
    userId: "u",
    email: "u@example.no",
    displayName: "U",
    role,
    organisationId,
    sessionId: "s",
  });
  const service = new ReportService(store);
  const range = { from: "2026-03-28", to: "2026-03-30" };

  it("gives supervisors their own organisation and reads the period's instants", async () => {
    const r = await service.daily(principal("supervisor", "org-1"), { organisationId: null, ...range });
    expect(r.organisationName).toBe("Alpha");
    expect(r.total.conversations).toBe(8);
    expect(store.windows.at(-1)).toEqual({
      organisationId: "org-1",
      from: at("2026-03-27T23:00:00Z"),
      to: at("2026-03-30T22:00:00Z"),
    });
  });

  it("refuses agents, compliance staff, other organisations and unknown ones", async () => {
    await expect(service.daily(principal("agent", "org-1"), { organisationId: null, ...range })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(
      service.daily(principal("compliance", null), { organisationId: "org-1", ...range }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      service.daily(principal("supervisor", "org-1"), { organisationId: "org-2", ...range }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(service.daily(principal("admin", null), { organisationId: null, ...range })).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(service.daily(principal("admin", null), { organisationId: "nope", ...range })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
