import type { Principal } from "../accounts/roles.js";
import { DomainError } from "../errors/domain-error.js";
import { assertSupervisor, organisationFor } from "../handoff/access.js";
import { type DailyReport, dailyReport } from "./daily-report.js";
import { periodWindow, reportPeriod } from "./report-period.js";
import type { ReportStore } from "./report-store.js";

export interface ReportRequest {
  /** Required for staff without an organisation (admins); others may only name their own. */
  organisationId: string | null;
  /** Local dates (YYYY-MM-DD), both included. */
  from: string;
  to: string;
}

/**
 * The reports use case. Supervisors see their own organisation; admins name
 * one. Compliance staff and agents are refused: the reports are about
 * running the service, and compliance staff have the masked analytics export.
 */
export class ReportService {
  constructor(private readonly store: ReportStore) {}

  async daily(p: Principal, request: ReportRequest): Promise<DailyReport & { organisationName: string }> {
    assertSupervisor(p);
    const organisationId = organisationFor(p, request.organisationId);
    const period = reportPeriod(request.from, request.to);
    const name = await this.store.organisationName(organisationId);
    if (name === null) throw new DomainError("not_found", "no organisation with that id");
    const w = { organisationId, ...periodWindow(period) };
    const [conversations, handoffs, feedback, questions] = await Promise.all([
      this.store.conversations(w),
      this.store.handoffs(w),
      this.store.feedback(w),
      this.store.unansweredQuestions(w),
    ]);
    return {
      ...dailyReport(organisationId, period, { conversations, handoffs, feedback, questions }),
      organisationName: name,
    };
  }
}
