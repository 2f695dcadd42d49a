import type { DailyReport, DurationFigures, ReportFigures } from "./daily-report.js";

/**
 * The report as CSV (RFC 4180: comma-separated, CRLF line ends, fields with
 * a comma, quote or line break quoted, quotes doubled). Text that a
 * spreadsheet would run as a formula (starting with = + - @, a tab or a
 * carriage return) is prefixed with an apostrophe and quoted. Numbers are
 * written with a full stop, shares as fractions (0.75), durations in
 * seconds.
 */
export type ReportTable = "days" | "entries" | "questions";
export const REPORT_TABLES: readonly ReportTable[] = ["days", "entries", "questions"];

type Cell = string | number | null;

export function csvField(value: Cell): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(Math.round(value * 1000) / 1000) : "";
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRows(rows: ReadonlyArray<readonly Cell[]>): string {
  return `${rows.map((r) => r.map(csvField).join(",")).join("\r\n")}\r\n`;
}

const durationCells = (d: DurationFigures): Cell[] => [d.count, d.median, d.p90];

const figureCells = (f: ReportFigures): Cell[] => [
  f.conversations,
  f.botOnly,
  f.containment,
  f.handoffs,
  f.abandoned,
  ...durationCells(f.firstResponse),
  ...durationCells(f.resolution),
  f.ratings.count,
  f.ratings.average,
  f.ratings.satisfied,
  f.unanswered,
];

const DAY_HEADER = [
  "date",
  "conversations",
  "bot_only",
  "containment",
  "handoffs",
  "abandoned_in_queue",
  "first_responses",
  "first_response_median_s",
  "first_response_p90_s",
  "resolutions",
  "resolution_median_s",
  "resolution_p90_s",
  "ratings",
  "rating_average",
  "csat",
  "unanswered_questions",
];

export function reportCsv(report: DailyReport, table: ReportTable): string {
  if (table === "entries") {
    return csvRows([
      ["knowledge_entry", "helpful", "not_helpful", "helpful_share"],
      ...report.helpfulness.map((e) => [e.entryId, e.helpful, e.notHelpful, e.share]),
    ]);
  }
  if (table === "questions") {
    return csvRows([
      ["question", "times_asked", "last_asked_at"],
      ...report.unanswered.questions.map((q) => [q.question, q.count, q.lastAskedAt]),
    ]);
  }
  return csvRows([
    DAY_HEADER,
    ...report.days.map((d) => [d.date, ...figureCells(d)]),
    ["total", ...figureCells(report.total)],
  ]);
}
