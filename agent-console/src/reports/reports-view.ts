import type { DailyReport, DurationFigures } from "../../../src/core/reports/daily-report.js";
import { fill, h } from "../dom.js";
import { lang } from "../i18n.js";
import { lines, stackedBars } from "./charts.js";
import { type ReportTextKey, rt } from "./report-texts.js";

type Report = DailyReport & { organisationName: string };
type Table = "days" | "entries" | "questions";

const BOT_COLOR = "#0b5cad";
const PERSON_COLOR = "#b35900";

/** Local date (YYYY-MM-DD) `days` before today, in the browser's calendar. */
function isoDay(offsetDays: number): string {
  const d = new Date();
  d.setDate(d.getDate() - offsetDays);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * The supervisors' reports: a period and organisation form, the period's
 * figures, two charts, the table per day, "was this helpful?" per knowledge
 * entry, the unanswered questions (masked by the server) and CSV downloads.
 * Reads GET /api/reports with the console's session token; every value is
 * inserted as text.
 */
export class ReportsPanel {
  private organisationId: string;
  private from = isoDay(29);
  private to = isoDay(0);
  private report: Report | null = null;
  private status: { kind: "idle" | "loading" | "error"; message?: string } = { kind: "idle" };

  constructor(
    private readonly region: HTMLElement,
    private readonly token: string,
    private readonly organisations: () => Array<{ id: string; name: string }>,
    private readonly announce: (text: string) => void,
  ) {
    this.organisationId = organisations()[0]?.id ?? "";
  }

  /** Shows the panel, loading the current period the first time. */
  open(): void {
    this.render();
    if (!this.report && this.status.kind !== "loading") void this.load();
  }

  render(): void {
    fill(this.region, h("h2", { id: "reports-title", tabindex: "-1" }, rt("reports")), this.form(), ...this.body());
  }

  private query(): string {
    const q = new URLSearchParams({ from: this.from, to: this.to });
    if (this.organisationId) q.set("organisationId", this.organisationId);
    return q.toString();
  }

  private async get(path: string): Promise<Response> {
    const res = await fetch(path, { headers: { authorization: `Bearer ${this.token}` } });
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
      throw new Error(body.error?.message ?? `HTTP ${res.status}`);
    }
    return res;
  }

  async load(): Promise<void> {
    this.status = { kind: "loading" };
    this.render();
    try {
      this.report = (await (await this.get(`/api/reports?${this.query()}`)).json()) as Report;
      this.status = { kind: "idle" };
      this.announce(rt("summary", { from: this.report.from, to: this.report.to }));
    } catch (err) {
      this.status = { kind: "error", message: err instanceof Error ? err.message : String(err) };
    }
    this.render();
  }

  private async download(table: Table): Promise<void> {
    try {
      const res = await this.get(`/api/reports/csv?${this.query()}&table=${table}`);
      const url = URL.createObjectURL(await res.blob());
      const a = h("a", { href: url, download: `skranke-${table}-${this.from}-${this.to}.csv`, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      this.status = { kind: "error", message: rt("downloadFailed", { message: (err as Error).message }) };
      this.render();
    }
  }

  private form(): HTMLElement {
    const orgs = this.organisations();
    const preset = (key: ReportTextKey, days: number) =>
      h(
        "button",
        {
          type: "button",
          class: "link",
          onclick: () => {
            this.from = isoDay(days - 1);
            this.to = isoDay(0);
            void this.load();
          },
        },
        rt(key),
      );
    return h(
      "form",
      {
        class: "report-form",
        onsubmit: (e: Event) => {
          e.preventDefault();
          const data = new FormData(e.target as HTMLFormElement);
          this.from = String(data.get("from") ?? this.from);
          this.to = String(data.get("to") ?? this.to);
          this.organisationId = String(data.get("organisation") ?? this.organisationId);
          void this.load();
        },
      },
      orgs.length > 1
        ? h(
            "label",
            {},
            rt("organisation"),
            " ",
            h(
              "select",
              { name: "organisation", id: "report-organisation" },
              orgs.map((o) => h("option", { value: o.id, selected: o.id === this.organisationId }, o.name)),
            ),
          )
        : null,
      h(
        "label",
        {},
        rt("from"),
        " ",
        h("input", { type: "date", name: "from", id: "report-from", value: this.from, required: true }),
      ),
      h(
        "label",
        {},
        rt("to"),
        " ",
        h("input", { type: "date", name: "to", id: "report-to", value: this.to, required: true }),
      ),
      h("button", { type: "submit", id: "report-show" }, rt("show")),
      h("span", { class: "presets" }, preset("last7", 7), preset("last30", 30), preset("last365", 365)),
    );
  }

  private body(): Node[] {
    if (this.status.kind === "loading") return [h("p", { class: "muted", role: "status" }, rt("loading"))];
    const error =
      this.status.kind === "error"
        ? h("p", { class: "error", role: "alert" }, rt("failed", { message: this.status.message ?? "" }))
        : null;
    const r = this.report;
    if (!r) return error ? [error] : [];
    return [
      ...(error ? [error] : []),
      this.summary(r),
      this.charts(r),
      this.dayTable(r),
      this.entries(r),
      this.questions(r),
      h(
        "p",
        { class: "downloads" },
        rt("download"),
        ": ",
        (["days", "entries", "questions"] as const).map((table) =>
          h(
            "button",
            { type: "button", class: "link", id: `csv-${table}`, onclick: () => void this.download(table) },
            rt(table === "days" ? "csvDays" : table === "entries" ? "csvEntries" : "csvQuestions"),
          ),
        ),
      ),
    ];
  }

  private summary(r: Report): HTMLElement {
    const t = r.total;
    const figure = (key: ReportTextKey, value: string, note?: string) =>
      h("div", { class: "figure" }, h("dt", {}, rt(key)), h("dd", {}, value, note ? h("small", {}, note) : null));
    return h(
      "section",
      { "aria-labelledby": "report-summary-title" },
      h("h3", { id: "report-summary-title" }, `${r.organisationName}: `, rt("summary", { from: r.from, to: r.to })),
      h("p", { class: "muted" }, rt("timeZone")),
      h(
        "dl",
        { class: "figures report-figures" },
        figure("conversations", number(t.conversations)),
        figure("containment", percent(t.containment)),
        figure("handoffs", number(t.handoffs)),
        figure("abandoned", number(t.abandoned)),
        figure("firstResponse", pair(t.firstResponse)),
        figure("resolution", pair(t.resolution)),
        figure(
          "csat",
          percent(t.ratings.satisfied),
          rt("ratings", {
            n: t.ratings.count,
            avg: t.ratings.average === null ? rt("none") : decimal(t.ratings.average),
          }),
        ),
        figure("unanswered", number(t.unanswered)),
      ),
    );
  }

  private charts(r: Report): HTMLElement {
    const labels = r.days.map((d) => d.date);
    const legend = (items: Array<[string, string]>) =>
      h(
        "ul",
        { class: "legend", "aria-hidden": "true" },
        items.map(([color, label]) => h("li", {}, h("span", { class: "swatch", style: `background:${color}` }), label)),
      );
    const minutes = (v: number | null) => (v === null ? null : v / 60);
    return h(
      "section",
      { class: "report-charts" },
      h(
        "figure",
        {},
        h("figcaption", {}, rt("perDay")),
        stackedBars("chart-conversations", rt("perDay"), rt("perDayDesc"), labels, [
          { label: rt("botAlone"), color: BOT_COLOR, values: r.days.map((d) => d.botOnly) },
          { label: rt("withPerson"), color: PERSON_COLOR, values: r.days.map((d) => d.conversations - d.botOnly) },
        ]),
        legend([
          [BOT_COLOR, rt("botAlone")],
          [PERSON_COLOR, rt("withPerson")],
        ]),
      ),
      h(
        "figure",
        {},
        h("figcaption", {}, rt("responseChart")),
        lines(
          "chart-first-response",
          rt("responseChart"),
          rt("responseChartDesc"),
          labels,
          [
            { label: rt("median"), color: BOT_COLOR, values: r.days.map((d) => minutes(d.firstResponse.median)) },
            { label: rt("p90"), color: PERSON_COLOR, values: r.days.map((d) => minutes(d.firstResponse.p90)) },
          ],
          rt("minutesAxis"),
        ),
        legend([
          [BOT_COLOR, rt("median")],
          [PERSON_COLOR, rt("p90")],
        ]),
      ),
    );
  }

  private dayTable(r: Report): HTMLElement {
    const head = (
      [
        "date",
        "conversations",
        "containment",
        "handoffs",
        "abandoned",
        "firstResponse",
        "resolution",
        "csat",
        "unanswered",
      ] as const
    ).map((k) => h("th", { scope: "col" }, rt(k)));
    return h(
      "details",
      { class: "report-table" },
      h("summary", {}, rt("table")),
      h(
        "div",
        { class: "table-scroll", tabindex: "0", role: "region", "aria-label": rt("table") },
        h(
          "table",
          {},
          h("thead", {}, h("tr", {}, head)),
          h(
            "tbody",
            {},
            r.days.map((d) =>
              h(
                "tr",
                {},
                h("th", { scope: "row" }, d.date),
                h("td", {}, number(d.conversations)),
                h("td", {}, percent(d.containment)),
                h("td", {}, number(d.handoffs)),
                h("td", {}, number(d.abandoned)),
                h("td", {}, pair(d.firstResponse)),
                h("td", {}, pair(d.resolution)),
                h("td", {}, percent(d.ratings.satisfied)),
                h("td", {}, number(d.unanswered)),
              ),
            ),
          ),
        ),
      ),
    );
  }

  private entries(r: Report): HTMLElement {
    return h(
      "section",
      { "aria-labelledby": "report-entries-title" },
      h("h3", { id: "report-entries-title" }, rt("helpfulness")),
      r.helpfulness.length === 0
        ? h("p", { class: "muted" }, rt("noFeedback"))
        : h(
            "table",
            { class: "report-entries" },
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                (["entry", "helpful", "notHelpful", "share"] as const).map((k) => h("th", { scope: "col" }, rt(k))),
              ),
            ),
            h(
              "tbody",
              {},
              r.helpfulness.map((e) =>
                h(
                  "tr",
                  {},
                  h("th", { scope: "row" }, e.entryId ?? rt("noEntry")),
                  h("td", {}, number(e.helpful)),
                  h("td", {}, number(e.notHelpful)),
                  h(
                    "td",
                    {},
                    h("meter", { min: 0, max: 1, value: e.share.toFixed(3), "aria-hidden": "true" }),
                    " ",
                    percent(e.share),
                  ),
                ),
              ),
            ),
          ),
    );
  }

  private questions(r: Report): HTMLElement {
    const q = r.unanswered;
    return h(
      "section",
      { "aria-labelledby": "report-questions-title" },
      h("h3", { id: "report-questions-title" }, rt("unansweredList")),
      q.questions.length === 0
        ? h("p", { class: "muted" }, rt("noUnanswered"))
        : h(
            "table",
            { class: "report-questions" },
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                (["question", "timesAsked", "lastAsked"] as const).map((k) => h("th", { scope: "col" }, rt(k))),
              ),
            ),
            h(
              "tbody",
              {},
              q.questions.map((x) =>
                h(
                  "tr",
                  {},
                  h("td", {}, x.question),
                  h("td", {}, number(x.count)),
                  h("td", {}, x.lastAskedAt.slice(0, 10)),
                ),
              ),
            ),
          ),
      q.questions.reduce((sum, x) => sum + x.count, 0) < q.total
        ? h("p", { class: "muted" }, rt("moreQuestions", { shown: q.questions.length, total: q.total }))
        : null,
    );
  }
}

const locale = () => (lang() === "nb" ? "nb-NO" : "en-GB");
const number = (n: number) => new Intl.NumberFormat(locale()).format(n);
const decimal = (n: number) => new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(n);
const percent = (n: number | null) =>
  n === null ? rt("none") : new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 0 }).format(n);

function minutesText(seconds: number | null): string {
  if (seconds === null) return rt("none");
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${decimal(seconds / 60)} min`;
  return `${decimal(seconds / 3600)} ${lang() === "nb" ? "t" : "h"}`;
}

const pair = (d: DurationFigures) => (d.count === 0 ? rt("none") : `${minutesText(d.median)} / ${minutesText(d.p90)}`);
