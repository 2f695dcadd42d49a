import { fill, h } from "../dom.js";
import { errorText, type Subject } from "./errors.js";
import { ct } from "./texts.js";
import type { StaffName } from "./views.js";

/** Page-wide pieces every panel uses: the status line, tables, guarded handlers, downloads. */
export const $ = <T extends Element = HTMLElement>(sel: string, root: ParentNode = document): T => {
  const el = root.querySelector<T>(sel);
  if (!el) throw new Error(`the page has no ${sel}`);
  return el;
};

export function status(text: string, isError = false): void {
  const s = $("#status");
  s.textContent = text;
  s.classList.toggle("error", isError);
  s.setAttribute("role", isError ? "alert" : "status");
}

/** Runs a handler; a failure is shown in the status line (an unknown id by what was asked for). */
export function guard<E extends Event>(fn: (event: E) => Promise<void>, subject?: (event: E) => Subject) {
  return async (event: E): Promise<void> => {
    if (event?.type === "submit") event.preventDefault();
    try {
      await fn(event);
    } catch (err) {
      status(errorText(err, subject?.(event)), true);
    }
  };
}

/** Replaces a table's rows; none gives one row saying so. */
export function fillTable(table: HTMLTableElement, rows: HTMLTableRowElement[]): void {
  const tbody = $("tbody", table);
  fill(tbody, rows);
  if (rows.length === 0) {
    const cols = $("thead tr", table).children.length;
    tbody.append(h("tr", {}, h("td", { colspan: cols, class: "empty" }, ct("none"))));
  }
}

/** A member of staff by name and e-mail; an id that is no account (the command line, the schedule) as it is. */
export function staffCell(staff: StaffName | null | undefined, id: string | null): HTMLElement {
  if (staff) return h("span", { class: "staff" }, staff.name, " ", h("span", { class: "email" }, `<${staff.email}>`));
  if (!id) return h("span", {}, "–");
  return h("span", { class: "system-actor" }, id.includes(":") ? id : ct("system"));
}

export function download(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h("a", { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The organisations the caller may act on (filled by the policies panel). */
export const organisations: string[] = [];
