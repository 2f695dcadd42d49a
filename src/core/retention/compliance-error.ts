import { DomainError } from "../errors/domain-error.js";

/** A compliance request that cannot be carried out; channels map the code to a status. */
export class ComplianceError extends DomainError<"invalid_input" | "not_found" | "conflict" | "forbidden"> {
  constructor(code: "invalid_input" | "not_found" | "conflict" | "forbidden", message: string) {
    super(code, message);
    this.name = "ComplianceError";
  }
}
