import { DateTime } from "luxon";
import type { Lang } from "../knowledge/types.js";

function locale(lang: Lang): string {
  return lang === "nb" ? "nb" : "en-GB";
}

/** "i dag", "i morgen", "lørdag 5. desember" (and English: "today", "tomorrow", "Saturday 5 December"). */
export function formatDay(lang: Lang, day: DateTime, now: Date): string {
  const local = day.setLocale(locale(lang));
  const today = DateTime.fromJSDate(now, { zone: day.zoneName ?? "Europe/Oslo" }).startOf("day");
  const days = Math.round(local.startOf("day").diff(today, "days").days);
  if (lang === "nb") {
    if (days === 0) return "i dag";
    if (days === 1) return "i morgen";
    return local.toFormat("cccc d. LLLL");
  }
  if (days === 0) return "today";
  if (days === 1) return "tomorrow";
  return local.toFormat("cccc d LLLL");
}

/** "i dag kl. 08:00", "i morgen kl. 08:00", "mandag 28. desember kl. 08:00" (and English). */
export function formatOpening(lang: Lang, at: Date, now: Date, zone: string): string {
  const local = DateTime.fromJSDate(at, { zone });
  const day = formatDay(lang, local, now);
  const time = local.toFormat("HH:mm");
  if (lang === "nb") return `${day} kl. ${time}`;
  return day === "today" || day === "tomorrow" ? `${day} at ${time}` : `on ${day} at ${time}`;
}
