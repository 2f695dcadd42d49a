import type { AppContext } from "./app.js";
import { registerComplianceRoutes } from "./channels/http/compliance-routes.js";
import { BackgroundPurges } from "./core/retention/background-purges.js";
import { ComplianceScope } from "./core/retention/compliance-scope.js";
import { createComplianceServices } from "./core/retention/compliance-services.js";
import { PurgeScheduler } from "./core/retention/purge-scheduler.js";

/**
 * Retention and compliance (issue 7) in the server: the /api/compliance
 * routes and, when SKRANKE_PURGE_HOUR is set, the daily purge. Called once
 * from the composition root (createApp).
 */
export function installCompliance(context: AppContext): void {
  const services = createComplianceServices(context.repos, context.clock, "server");
  const purges = new BackgroundPurges(services.purge, context.logger);
  context.onShutdown(() => purges.stopAll());
  const scope = new ComplianceScope(context.repos.organisations);
  registerComplianceRoutes(context.http, context.services.accounts, services, purges, scope);
  if (context.config.purgeHour !== undefined) {
    const scheduler = new PurgeScheduler(
      context.config.purgeHour,
      services.purge,
      services.policies,
      context.repos.compliance.purge,
      context.clock,
      context.logger,
    );
    scheduler.start();
    context.onShutdown(() => scheduler.stop());
    context.logger.info({ hour: context.config.purgeHour }, "daily purge scheduled (Europe/Oslo)");
  }
}
