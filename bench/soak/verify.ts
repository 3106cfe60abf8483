/**
 * The soak's delivery check. Each alert's audience is computed with the server's own rule
 * (alert.policy's canSeeAlert, a pure function) from the alert as posted and each device's user.
 * A device that stayed connected must have had every alert it may see as alert:new exactly once,
 * and every note added to those alerts as alert:update exactly once; a device that dropped and
 * reconnected must have each such alert from alert:new or its alerts:since catch-up, alert:new
 * never twice; no device may receive an alert it may not see, live or by catch-up.
 */
import { canSeeAlert } from '../../server/alerts/alert.policy.js';
import type { Device } from './device.js';
import type { DeliveryCheck, PostedAlert, PostedUpdate, SoakUser } from './protocol.js';

/** What a device received and how often it connected (a Device, or a record made up in a test). */
export type DeviceRecord = Pick<
  Device,
  'connects' | 'live' | 'caught' | 'updates' | 'unexpectedDisconnects' | 'catchUpCalls' | 'catchUpFailures' | 'failureReasons'
> & {
  opts: { user: SoakUser };
};

const MAX_EXAMPLES = 10;

export function checkDelivery(devices: DeviceRecord[], alerts: PostedAlert[], updates: PostedUpdate[]): DeliveryCheck {
  const c: DeliveryCheck = {
    devices: devices.length,
    steadyDevices: 0,
    churnDevices: 0,
    reconnects: 0,
    unexpectedDisconnects: 0,
    alertNewReceived: 0,
    duplicates: 0,
    unexpected: 0,
    missing: 0,
    updatesReceived: 0,
    updateDuplicates: 0,
    updateUnexpected: 0,
    updateMissing: 0,
    catchUpCalls: 0,
    catchUpFailures: 0,
    unansweredAlerts: 0,
    failureReasons: {},
    examples: [],
  };
  type Counted = 'duplicates' | 'unexpected' | 'missing' | 'updateDuplicates' | 'updateUnexpected' | 'updateMissing';
  const fault = (kind: Counted, what: string) => {
    c[kind]++;
    if (c.examples.length < MAX_EXAMPLES) c.examples.push(what);
  };
  const posted = new Set(alerts.map((a) => a.id));
  const unknown = new Set<string>();
  const updatesOf = new Map<string, string[]>();
  for (const u of updates) updatesOf.set(u.alertId, [...(updatesOf.get(u.alertId) ?? []), `${u.alertId}/${u.updateId}`]);
  devices.forEach((d, i) => {
    const who = `device ${i} (${d.opts.user.email})`;
    // Stayed connected from before the first alert to the end: everything must have come live.
    const steady = d.connects === 1;
    if (steady) c.steadyDevices++;
    else c.churnDevices++;
    c.reconnects += d.connects - 1;
    c.unexpectedDisconnects += d.unexpectedDisconnects;
    c.catchUpCalls += d.catchUpCalls;
    c.catchUpFailures += d.catchUpFailures;
    for (const [reason, n] of d.failureReasons) c.failureReasons[reason] = (c.failureReasons[reason] ?? 0) + n;
    const visible = new Set(alerts.filter((a) => canSeeAlert(d.opts.user.viewer, a)).map((a) => a.id));
    for (const [id, n] of d.live) {
      c.alertNewReceived += n;
      // Its POST was not answered 201 (e.g. 503 after the request timeout), yet the alert was made.
      if (!posted.has(id)) {
        unknown.add(id);
        continue;
      }
      if (n > 1) fault('duplicates', `${who}: alert:new ${id} ×${n}`);
      if (!visible.has(id)) fault('unexpected', `${who}: alert:new ${id}, not in its audience`);
    }
    for (const id of d.caught)
      if (!posted.has(id)) unknown.add(id);
      else if (!visible.has(id) && !d.live.has(id)) fault('unexpected', `${who}: alerts:since brought ${id}, not in its audience`);
    for (const id of visible) {
      if (d.live.has(id) || (!steady && d.caught.has(id))) continue;
      fault('missing', `${who}: never got ${id}${steady ? ' live' : ''}`);
    }
    const expectedUpdates = new Set([...visible].flatMap((id) => updatesOf.get(id) ?? []));
    for (const [key, n] of d.updates) {
      c.updatesReceived += n;
      if (n > 1) fault('updateDuplicates', `${who}: alert:update ${key} ×${n}`);
      if (!expectedUpdates.has(key)) fault('updateUnexpected', `${who}: alert:update ${key}, not in its audience`);
    }
    if (steady) for (const key of expectedUpdates) if (!d.updates.has(key)) fault('updateMissing', `${who}: never got alert:update ${key}`);
  });
  c.unansweredAlerts = unknown.size;
  return c;
}
