import type { Strings } from "../i18n.js";
import { type LeaveMessageInput, validateLeaveMessage } from "../validate.js";
import { h, ICONS, icon } from "./dom.js";

let seq = 0;
const uid = (p: string) => `${p}-${++seq}`;

function field(
  label: string,
  control: HTMLInputElement | HTMLTextAreaElement,
  hint?: string,
): { wrap: HTMLElement; err: HTMLElement; hint: HTMLElement | null } {
  const id = uid("f");
  control.id = id;
  const err = h("span", { class: "err", id: `${id}-err`, hidden: true });
  const hintEl = hint ? h("span", { class: "note", id: `${id}-hint` }, hint) : null;
  control.setAttribute("aria-describedby", [hintEl?.id, err.id].filter(Boolean).join(" "));
  return {
    wrap: h("div", { class: "field" }, h("label", { for: id }, label), control, hintEl, err),
    err,
    hint: hintEl,
  };
}

/** Shows or clears a field's error; while an error shows, the field's hint gives way to it (no near-repeat). */
function setError(control: HTMLElement, err: HTMLElement, message: string | null, hint?: HTMLElement | null): void {
  if (hint) hint.hidden = message !== null;
  err.hidden = message === null;
  err.textContent = message ?? "";
  if (message === null) control.removeAttribute("aria-invalid");
  else control.setAttribute("aria-invalid", "true");
}

/**
 * The leave-a-message form, shown when nobody can take the chat. At least
 * one of e-mail and phone, both checked before sending; the first field in
 * error gets focus and every error is tied to its field.
 */
export function leaveMessageCard(
  t: Strings,
  intro: string,
  submit: (input: LeaveMessageInput) => Promise<boolean>,
  onCancel: () => void,
): HTMLElement {
  const titleId = uid("lm");
  const name = h("input", { type: "text", autocomplete: "name", maxlength: 200 });
  const email = h("input", { type: "email", autocomplete: "email", maxlength: 254 });
  const phone = h("input", { type: "tel", autocomplete: "tel", maxlength: 30 });
  const msg = h("textarea", { rows: 3, maxlength: 4000, required: true });
  const fName = field(t.name, name);
  const fEmail = field(t.email, email, t.contactHint);
  const fPhone = field(t.phone, phone);
  const fMsg = field(t.yourMessage, msg);
  const status = h("p", { role: "alert", class: "err", hidden: true });
  const button = h("button", { type: "submit", class: "btn" }, t.submit);
  const form = h(
    "form",
    { class: "card", "aria-labelledby": titleId, novalidate: true },
    h("h3", { id: titleId }, t.leaveMessageTitle),
    h("p", null, intro),
    fName.wrap,
    fEmail.wrap,
    fPhone.wrap,
    fMsg.wrap,
    status,
    h(
      "div",
      { class: "row" },
      button,
      h("button", { type: "button", class: "btn ghost", onclick: onCancel }, t.cancel),
    ),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const input = { name: name.value, email: email.value, phone: phone.value, text: msg.value };
    const errors = validateLeaveMessage(input);
    setError(email, fEmail.err, errors.email ? t.errEmail : errors.contact ? t.errContact : null, fEmail.hint);
    setError(phone, fPhone.err, errors.phone ? t.errPhone : null);
    setError(msg, fMsg.err, errors.text ? t.errText : null);
    const first = errors.email || errors.contact ? email : errors.phone ? phone : errors.text ? msg : null;
    if (first) {
      first.focus();
      return;
    }
    button.disabled = true;
    status.hidden = true;
    const ok = await submit(input);
    button.disabled = false;
    if (!ok) {
      status.hidden = false;
      status.textContent = t.error;
    }
  });
  return form;
}

/** Stars 1–5 (a radio group, so arrow keys work) and an optional comment. */
export function ratingCard(t: Strings, submit: (score: number, comment: string) => Promise<boolean>): HTMLElement {
  const titleId = uid("rt");
  const name = uid("score");
  const labels: HTMLLabelElement[] = [];
  const radios: HTMLInputElement[] = [];
  const paint = () => {
    const v = Number(radios.find((r) => r.checked)?.value ?? 0);
    labels.forEach((l, i) => {
      l.className = i < v ? "on" : "";
    });
  };
  const stars = h("fieldset", { class: "stars" }, h("legend", { class: "sr" }, t.rateLegend));
  for (let n = 1; n <= 5; n++) {
    const id = uid("s");
    const r = h("input", { type: "radio", name, id, value: n, onchange: paint });
    const l = h("label", { for: id, title: t.stars(n) }, icon(ICONS.star, 28), h("span", { class: "sr" }, t.stars(n)));
    radios.push(r);
    labels.push(l);
    stars.append(r, l);
  }
  const comment = h("textarea", { rows: 2, maxlength: 1000 });
  const fComment = field(t.comment, comment);
  const status = h("p", { role: "alert", class: "err", hidden: true });
  const button = h("button", { type: "submit", class: "btn" }, t.rateSubmit);
  const form = h(
    "form",
    { class: "card", "aria-labelledby": titleId, novalidate: true },
    h("h3", { id: titleId }, t.rateTitle),
    stars,
    fComment.wrap,
    status,
    button,
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const score = Number(radios.find((r) => r.checked)?.value ?? 0);
    status.hidden = true;
    if (!score) {
      status.hidden = false;
      status.textContent = t.errRating;
      radios[0]?.focus();
      return;
    }
    button.disabled = true;
    const ok = await submit(score, comment.value.trim());
    button.disabled = false;
    if (!ok) {
      status.hidden = false;
      status.textContent = t.error;
    }
  });
  return form;
}
