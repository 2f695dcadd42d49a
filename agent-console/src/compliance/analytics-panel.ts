import { h } from "../dom.js";
import { $, download, guard, status } from "./page.js";
import { call } from "./request.js";
import { ct } from "./texts.js";

/** The masked analytics export, downloaded as JSON. */
export function initAnalytics(): void {
  $("#analytics-form").addEventListener(
    "submit",
    guard(
      async (event) => {
        const f = event.target as HTMLFormElement;
        const value = (name: string) => (f.elements.namedItem(name) as HTMLInputElement).value;
        const q = new URLSearchParams();
        if (value("organisation")) q.set("organisation", value("organisation"));
        if (value("from")) q.set("from", new Date(`${value("from")}T00:00:00`).toISOString());
        if (value("to")) q.set("to", new Date(`${value("to")}T23:59:59`).toISOString());
        const data = await call<{
          unansweredQuestions: unknown[];
          escalations: { items: unknown[] };
          feedback: unknown[];
          excludedConversations: number;
          masked: Record<string, number>;
        }>("GET", `/api/compliance/analytics-export?${q}`);
        download("analyse.json", JSON.stringify(data, null, 2), "application/json");
        const m = data.masked;
        $("#analytics-result").replaceChildren(
          h(
            "p",
            {},
            ct("analyticsDone", {
              q: data.unansweredQuestions.length,
              e: data.escalations.items.length,
              f: data.feedback.length,
              x: data.excludedConversations,
            }),
          ),
          h(
            "p",
            {},
            ct("masked", {
              fnr: m.fodselsnummer ?? 0,
              acc: m.accountNumber ?? 0,
              card: m.cardNumber ?? 0,
              phone: m.phone ?? 0,
              email: m.email ?? 0,
            }),
          ),
        );
        status(ct("exportTextDone"));
      },
      () => ({ kind: "organisation" }),
    ),
  );
}
