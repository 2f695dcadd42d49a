/**
 * The one way an estimated wait is put in words, everywhere a customer or an
 * agent reads it: the bot's "you are number 2 in the queue" bubble, the
 * widget's queue row and the agent console's queue. Rounded to whole
 * minutes; under a minute is "under 1 minutt". Pure and dependency-free: the
 * widget and console bundles import it too.
 */
export type WaitLang = "nb" | "en";

export function formatWait(lang: WaitLang, seconds: number): string {
  const s = Number.isFinite(seconds) ? Math.max(0, seconds) : 0;
  const m = Math.round(s / 60);
  if (lang === "en") return s < 60 ? "under 1 minute" : m === 1 ? "about 1 minute" : `about ${m} minutes`;
  return s < 60 ? "under 1 minutt" : m === 1 ? "ca. 1 minutt" : `ca. ${m} minutter`;
}
