import type { ConsoleApp } from "../console-app.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";

/** Canned responses and the knowledge-base search; both insert text into the reply box. */
export function toolsView(app: ConsoleApp): Array<Node | null> {
  const { canned, knowledgeResults, current } = app.state;
  const language = current?.language === "en" ? "en" : "nb";
  const ordered = [...canned].sort((a, b) => Number(b.language === language) - Number(a.language === language));
  const select = h(
    "select",
    { id: "canned-select" },
    ordered.map((r) => h("option", { value: r.id }, `${r.title} (${r.language})`)),
  );
  const query = h("input", { id: "knowledge-query", type: "search", maxlength: 200, autocomplete: "off" });
  return [
    h("h3", { id: "tools-title" }, t("tools")),
    h(
      "div",
      { class: "canned" },
      h("label", { for: "canned-select" }, t("canned")),
      ordered.length === 0
        ? h("p", { class: "empty" }, t("cannedNone"))
        : h(
            "div",
            { class: "row" },
            select,
            h(
              "button",
              {
                type: "button",
                id: "canned-insert",
                onclick: () => {
                  const r = canned.find((x) => x.id === select.value);
                  if (r) app.insert(r.text);
                },
              },
              t("insert"),
            ),
          ),
    ),
    h(
      "form",
      {
        class: "knowledge",
        role: "search",
        onsubmit: (e: Event) => {
          e.preventDefault();
          void app.searchKnowledge(query.value);
        },
      },
      h("label", { for: "knowledge-query" }, t("knowledge")),
      h("div", { class: "row" }, query, h("button", { type: "submit" }, t("search"))),
    ),
    knowledgeResults === null
      ? null
      : h(
          "ul",
          { id: "knowledge-results", class: "knowledge-results", tabindex: "-1", "aria-label": t("knowledge") },
          knowledgeResults.length === 0
            ? h("li", { class: "empty" }, t("noResults"))
            : knowledgeResults.map((r) =>
                h(
                  "li",
                  {},
                  h("p", { class: "question" }, r.question),
                  h("p", { class: "answer" }, r.answer),
                  h(
                    "button",
                    {
                      type: "button",
                      "aria-label": `${t("insert")}: ${r.question}`,
                      onclick: () => app.insert(r.answer),
                    },
                    t("insert"),
                  ),
                ),
              ),
        ),
  ];
}
