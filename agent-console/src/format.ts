import { lang, t } from "./i18n.js";

export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t("seconds", { n: s });
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return t("minutes", { n: minutes });
  return t("hoursMinutes", { h: Math.floor(minutes / 60), m: minutes % 60 });
}

/** How long ago, from seconds: minutes and hours, whole days after a day. */
export function age(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  return days >= 1 ? t("days", { n: days }) : duration(seconds);
}

/** Date and time, for things that may be days old. */
export function dateTime(iso: string): string {
  return new Intl.DateTimeFormat(lang() === "nb" ? "nb-NO" : "en-GB", {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(iso));
}

export function clockTime(iso: string): string {
  return new Intl.DateTimeFormat(lang() === "nb" ? "nb-NO" : "en-GB", { hour: "2-digit", minute: "2-digit" }).format(
    new Date(iso),
  );
}
