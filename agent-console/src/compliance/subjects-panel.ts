import { h } from "../dom.js";
import { $, download, guard, status } from "./page.js";
import { call } from "./request.js";
import { ct } from "./texts.js";

/** Data-subject requests: export (JSON or text), objection to analysis, erasure. */
function who(f: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ["customerId", "email", "phone"]) {
    const v = (f.elements.namedItem(k) as HTMLInputElement).value.trim();
    if (v) out[k] = v;
  }
  return out;
}

export function initSubjects(): void {
  $("#subject-form").addEventListener(
    "submit",
    guard(
      async (event: SubmitEvent) => {
        const f = event.target as HTMLFormElement;
        const person = who(f);
        const action = (event.submitter as HTMLButtonElement | null)?.value;
        const out = $("#subject-result");
        out.replaceChildren();
        if (action === "export-json") {
          const data = await call<{ conversations: unknown[] }>("POST", "/api/compliance/subjects/export", {
            ...person,
            format: "json",
          });
          download("innsyn.json", JSON.stringify(data, null, 2), "application/json");
          status(ct("exportDone", { n: data.conversations.length }));
        } else if (action === "export-text") {
          const text = await call<string>(
            "POST",
            "/api/compliance/subjects/export",
            { ...person, format: "text" },
            { text: true },
          );
          download("innsyn.txt", text, "text/plain;charset=utf-8");
          out.append(h("pre", {}, text));
          status(ct("exportTextDone"));
        } else if (action === "objection") {
          const r = await call<{ customers: number }>("POST", "/api/compliance/subjects/objection", person);
          status(ct("objectionDone", { n: r.customers }));
        } else if (action === "erase") {
          if (!window.confirm(ct("eraseConfirm"))) return;
          const r = await call<{
            deleted: {
              conversations: string[];
              messages: number;
              offlineMessages: number;
              customers: number;
              userState: number;
            };
            kept: Array<{ conversationId: string; explanation: string }>;
          }>("POST", "/api/compliance/subjects/erase", person);
          const d = r.deleted;
          out.append(
            h(
              "p",
              {},
              ct("erased", {
                c: d.conversations.length,
                m: d.messages,
                o: d.offlineMessages,
                k: d.customers,
                s: d.userState,
              }),
            ),
          );
          if (r.kept.length) {
            out.append(h("h3", {}, ct("kept")));
            out.append(
              h(
                "ul",
                {},
                r.kept.map((k) => h("li", {}, `${k.conversationId}: ${k.explanation}`)),
              ),
            );
          }
          status(ct("eraseDone"));
        }
      },
      (event) => {
        const id = who(event.target as HTMLFormElement).customerId;
        return id ? { kind: "customer", id } : { kind: "other" };
      },
    ),
  );
}
