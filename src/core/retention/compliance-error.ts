/** A compliance request that cannot be carried out; channels map the code to a status. */
export class ComplianceError extends Error {
  constructor(
    readonly code: "invalid_input" | "not_found" | "conflict" | "forbidden",
    message: string,
  ) {
    super(message);
    this.name = "ComplianceError";
  }
}
