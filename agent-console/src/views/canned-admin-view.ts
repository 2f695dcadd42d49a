import type { ConsoleApp } from "../console-app.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";

/** Supervisors maintain their organisation's canned responses. */
export function cannedAdminView(app: ConsoleApp): Array<Node | null> {
  const { organisations, cannedAdmin, cannedAdminOrg } = app.state;
  const slug = organisations.find((o) => o.id === cannedAdminOrg)?.slug ?? "";
  const title = h("input", { id: "canned-title", required: true, maxlength: 100 });
  const text = h("textarea", { id: "canned-text", rows: 3, required: true, maxlength: 4000 });
  const language = h(
    "select",
    { id: "canned-language" },
    h("option", { value: "nb" }, "Norsk (nb)"),
    h("option", { value: "en" }, "English (en)"),
  );
  return [
    h("h2", { id: "canned-admin-title", tabindex: "-1" }, t("cannedAdmin")),
    h("p", { class: "hint" }, t("cannedShippedNote", { slug })),
    organisations.length > 1
      ? h(
          "div",
          { class: "row" },
          h("label", { for: "canned-org" }, t("organisation")),
          h(
            "select",
            {
              id: "canned-org",
              onchange: (e: Event) => void app.loadCannedAdmin((e.target as HTMLSelectElement).value),
            },
            organisations.map((o) => h("option", { value: o.id, selected: o.id === cannedAdminOrg }, o.name)),
          ),
        )
      : null,
    h(
      "ul",
      { class: "canned-admin-list" },
      cannedAdmin.length === 0
        ? h("li", { class: "empty" }, t("cannedNone"))
        : cannedAdmin.map((r) =>
            h(
              "li",
              {},
              h(
                "p",
                { class: "question" },
                `${r.title} (${r.language})`,
                r.origin === "knowledge" ? h("span", { class: "tag" }, t("cannedFromKnowledge")) : null,
              ),
              h("p", { class: "answer" }, r.text),
              r.origin === "knowledge"
                ? null
                : h(
                    "button",
                    {
                      type: "button",
                      class: "link",
                      "aria-label": `${t("delete")}: ${r.title}`,
                      onclick: () => void app.deleteCanned(r.id),
                    },
                    t("delete"),
                  ),
            ),
          ),
    ),
    h(
      "form",
      {
        class: "note-form",
        onsubmit: async (e: Event) => {
          e.preventDefault();
          if (
            await app.saveCanned({
              title: title.value,
              text: text.value,
              language: language.value === "en" ? "en" : "nb",
            })
          ) {
            title.value = "";
            text.value = "";
          }
        },
      },
      h("label", { for: "canned-title" }, t("cannedTitle")),
      title,
      h("label", { for: "canned-text" }, t("cannedText")),
      text,
      h("label", { for: "canned-language" }, t("language")),
      language,
      h("button", { type: "submit" }, t("cannedAdd")),
    ),
  ];
}
