/**
 * The alert copy's repair walk, run by every process on its own copy (not under a lease: each
 * process holds its own copy). Each repaired alert is counted in `puente_alert_copy_repairs_total`
 * and logged: it means an alert write landed after its change had been given up on.
 */
import type { Logger } from '../../platform/config/logger.js';
import type { Metrics } from '../../platform/http/metrics.js';
import type { Instance } from '../../platform/instance.js';
import type { AlertCopy } from './alertCopy.js';

export const ALERT_COPY_REPAIR_EVERY_MS = 60_000;

/** One run of the walk over `copy`, counted in `metrics`; returns how many alerts it repaired. */
export async function repairAlertCopy(copy: AlertCopy, metrics: Pick<Metrics, 'alertCopyRepairs'>, logger: Logger): Promise<number> {
  const repaired = await copy.repair();
  if (repaired > 0) {
    metrics.alertCopyRepairs.inc(repaired);
    logger.warn({ repaired }, 'alert copy repaired: alerts stored after their change was given up on');
  }
  return repaired;
}

/** Runs the walk over the instance's copy every minute, one run at a time; returns what stops it. */
export function startAlertCopyRepair(instance: Instance, logger: Logger): () => void {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    running ??= repairAlertCopy(instance.alertCopy, instance.metrics, logger)
      .catch((err: unknown) => logger.warn({ err }, 'alert copy repair failed; the next run goes on'))
      .finally(() => (running = null));
  }, ALERT_COPY_REPAIR_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
