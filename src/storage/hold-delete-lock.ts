/**
 * PostgreSQL: how a legal hold and a delete of held-or-not conversations
 * stay out of each other's way. A delete (purge batch, erasure) checks for
 * holds inside its DELETE; under READ COMMITTED that statement sees holds
 * committed before it started, but not one placed while it runs. So each
 * delete transaction first takes this advisory lock shared, and placing a
 * hold takes it exclusively: a hold waits for the deletes in progress (one
 * batch, well under a second) and a delete that starts after it sees it.
 * SQLite needs none of this: it runs one writer at a time.
 */
const HOLD_DELETE_LOCK = 0x536b72616e6b65n; // "Skranke"

/** First statement of a delete transaction. */
export const TAKE_FOR_DELETE = `SELECT pg_advisory_xact_lock_shared(${HOLD_DELETE_LOCK})`;

/** First statement of a transaction placing a legal hold. */
export const TAKE_FOR_HOLD = `SELECT pg_advisory_xact_lock(${HOLD_DELETE_LOCK})`;
