import { ComplianceApiError } from "./request.js";
import { ct } from "./texts.js";

/** What was asked for when a call failed, so an unknown id gets a message that names it. */
export type Subject =
  | { kind: "conversation"; id: string }
  | { kind: "customer"; id: string }
  | { kind: "hold" }
  | { kind: "run" }
  | { kind: "organisation" }
  | { kind: "other" };

/** A failed call as a sentence in the page's language. */
export function errorText(err: unknown, subject: Subject = { kind: "other" }): string {
  if (!(err instanceof ComplianceApiError)) return ct("genericError", { message: String(err) });
  if (err.code === "network") return ct("networkError");
  if (err.status === 401) return ct("sessionEnded");
  if (err.status === 403 || err.code === "forbidden") return ct("forbidden");
  if (err.status === 404 || err.code === "not_found") {
    switch (subject.kind) {
      case "conversation":
        return ct("notFound_conversation", { id: subject.id });
      case "customer":
        return ct("notFound_customer", { id: subject.id });
      case "hold":
        return ct("notFound_hold");
      case "run":
        return ct("notFound_run");
      case "organisation":
        return ct("notFound_organisation");
      default:
        return ct("genericError", { message: err.message });
    }
  }
  if (err.code === "conflict" && subject.kind === "hold") return ct("alreadyReleased");
  if (err.status === 423 || err.code === "busy" || err.code === "locked") return ct("busy");
  if (err.status === 400 || err.code === "invalid_input") return ct("invalidInput", { message: err.message });
  return ct("genericError", { message: err.message });
}
