import type { CannedResponseView } from "../../../src/protocol/agent.js";
import type { ConsoleApp } from "../console-app.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";

/** The conversation's language first, then the other. */
export function orderedCanned(app: ConsoleApp): CannedResponseView[] {
  const language = app.state.current?.language === "en" ? "en" : "nb";
  return [...app.state.canned].sort((a, b) => Number(b.language === language) - Number(a.language === language));
}

/** Arrow keys move between the canned responses (one tab stop for the list). */
function moveFocus(e: KeyboardEvent): void {
  if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
  const buttons = [...document.querySelectorAll<HTMLButtonElement>(".canned-option")];
  const i = buttons.indexOf(e.target as HTMLButtonElement);
  if (i < 0) return;
  e.preventDefault();
  const next = buttons[(i + (e.key === "ArrowDown" ? 1 : buttons.length - 1)) % buttons.length];
  for (const b of buttons) b.tabIndex = b === next ? 0 : -1;
  next?.focus();
}

/** Canned responses and the knowledge-base search; both insert text into the reply box. */
export function toolsView(app: ConsoleApp): Array<Node | null> {
  const { knowledgeResults, knowledgeQuery, current } = app.state;
  const ordered = orderedCanned(app);
  const slug = current?.organisation.slug ?? "";
  const query = h("input", {
    id: "knowledge-query",
    type: "search",
    maxlength: 200,
    autocomplete: "off",
    oninput: () => {
      app.state.knowledgeQuery = query.value;
    },
  });
  query.value = knowledgeQuery;
  return [
    h("h3", { id: "tools-title", class: "visually-hidden" }, t("tools")),
    h(
      "div",
      { class: "canned" },
      h("h4", { id: "canned-title" }, t("canned"), " ", h("kbd", { "aria-hidden": "true" }, "Alt+H")),
      ordered.length === 0
        ? h("p", { class: "empty" }, t("cannedNone"))
        : h(
            "ul",
            { class: "canned-list", "aria-labelledby": "canned-title" },
            ordered.map((r, i) =>
              h(
                "li",
                {},
                h(
                  "button",
                  {
                    type: "button",
                    class: "canned-option",
                    tabindex: i === 0 ? "0" : "-1",
                    "data-canned": r.id,
                    "aria-describedby": `canned-text-${i}`,
                    onkeydown: (e: Event) => moveFocus(e as KeyboardEvent),
                    onclick: () => app.insert(r.text),
                  },
                  h("span", { class: "canned-name" }, r.title),
                  h("span", { class: "tag" }, r.language),
                ),
                h("p", { class: "canned-text", id: `canned-text-${i}` }, r.text),
              ),
            ),
          ),
      h("p", { class: "hint who-edits" }, t("cannedWhoAgent", { slug })),
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
          {
            id: "knowledge-results",
            class: "knowledge-results",
            tabindex: "-1",
            "aria-label": t("knowledgeLast", { query: knowledgeResults.query }),
          },
          knowledgeResults.hits.length === 0
            ? h("li", { class: "empty" }, t("noResults"))
            : knowledgeResults.hits.map((r) =>
                h(
                  "li",
                  {},
                  h("p", { class: "question" }, r.question),
                  h("p", { class: "answer" }, r.answer),
                  h(
                    "button",
                    {
                      type: "button",
                      class: "secondary",
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
