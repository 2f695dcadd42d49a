import type { NoteView } from "../../../src/protocol/agent.js";
import type { ConsoleApp } from "../console-app.js";
import { h } from "../dom.js";
import { clockTime } from "../format.js";
import { t } from "../i18n.js";

export function noteItem(n: NoteView): HTMLLIElement {
  return h(
    "li",
    { class: "note" },
    h(
      "p",
      { class: "note-meta" },
      n.author?.displayName ?? "",
      " ",
      h("time", { datetime: n.createdAt }, clockTime(n.createdAt)),
    ),
    h("p", { class: "note-text" }, n.text),
  );
}

/** Internal notes: staff only; `writable` when the server lets this user add one here. */
export function notesView(app: ConsoleApp, writable = true): Node[] {
  const notes = app.state.current?.notes ?? [];
  const box = h("textarea", { id: "note-text", rows: 2, maxlength: 4000 });
  const list = [
    h("h3", { id: "notes-title" }, t("notes")),
    h("p", { class: "hint" }, t("notesHint")),
    h(
      "ul",
      { id: "notes-list", class: "notes-list" },
      notes.length === 0 ? h("li", { class: "empty" }, t("noNotes")) : notes.map(noteItem),
    ),
  ];
  if (!writable) return list;
  const form = h(
    "form",
    {
      class: "note-form",
      onsubmit: async (e: Event) => {
        e.preventDefault();
        if (await app.addNote(box.value)) box.value = "";
      },
    },
    h("label", { for: "note-text" }, t("noteText")),
    box,
    h("button", { type: "submit" }, t("addNote")),
  );
  return [...list, form];
}
