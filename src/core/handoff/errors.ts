import { DomainError } from "../errors/domain-error.js";

/**
 * Why a handoff operation was refused. The codes are the wire codes of
 * docs/protocol.md, so channels pass them through unchanged.
 */
export type HandoffErrorCode = "invalid_input" | "forbidden" | "not_found" | "conflict" | "capacity" | "unavailable";

export class HandoffError extends DomainError<HandoffErrorCode> {
  constructor(code: HandoffErrorCode, message: string) {
    super(code, message);
    this.name = "HandoffError";
  }
}
