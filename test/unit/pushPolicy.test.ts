import { expect } from 'chai';
import { acceptsPushEndpoint } from '../../server/notifications/push/push.policy.js';
import { accessDecisionPayload, urgentAlertPayload } from '../../server/notifications/push/pushMessages.js';

describe('push endpoints the server will send to (push.policy.ts)', () => {
  it('accepts the https endpoints of real push services', () => {
    for (const url of [
      'https://fcm.googleapis.com/fcm/send/abc:def',
      'https://updates.push.services.mozilla.com/wpush/v2/gAAAA',
      'https://web.push.apple.com/QGZ',
    ])
      expect(acceptsPushEndpoint(url, false), url).to.equal(true);
  });

  it('refuses plain http, loopback, private and link-local addresses, IP literals and credentials', () => {
    for (const url of [
      'http://fcm.googleapis.com/fcm/send/x',
      'https://127.0.0.1/push',
      'https://localhost/push',
      'https://10.0.0.5/push',
      'https://172.16.3.4/push',
      'https://192.168.1.1/push',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/push',
      'https://metadata.google.internal/x',
      'https://user:pass@fcm.googleapis.com/x',
      'ftp://fcm.googleapis.com/x',
      'not a url',
    ])
      expect(acceptsPushEndpoint(url, false), url).to.equal(false);
  });

  it('accepts http on loopback only when insecure endpoints are allowed (tests)', () => {
    expect(acceptsPushEndpoint('http://127.0.0.1:4000/push/x', true)).to.equal(true);
    expect(acceptsPushEndpoint('ftp://127.0.0.1/push/x', true)).to.equal(false);
  });
});

describe('push payloads (pushMessages.ts)', () => {
  it('name the kind, priority and reference in the user’s language, and the screen to open', () => {
    const facts = { id: 'a1', reference: 'AR-2026-000042', kind: 'missing_person', priority: 'urgent' };
    expect(urgentAlertPayload('es', facts)).to.deep.equal({
      topic: 'urgent_alert',
      title: 'Alerta urgente',
      body: 'Persona desaparecida · Urgente · AR-2026-000042 — abrir Puente',
      url: '/alerts/a1',
      tag: 'alert-a1',
    });
    expect(urgentAlertPayload('en', facts).body).to.equal('Missing person · Urgent · AR-2026-000042 — open Puente');
  });

  it('an access decision names only its outcome and the alert, never the reason or note', () => {
    const p = accessDecisionPayload('es', { id: 'r1', alertId: 'a1', reference: 'PY-2026-000007', kind: 'suspect', status: 'refused' });
    expect(p).to.deep.equal({
      topic: 'access_decision',
      title: 'Acceso denegado',
      body: 'Sospechoso · PY-2026-000007 — abrir Puente',
      url: '/alerts/a1',
      tag: 'access-r1',
    });
  });
});
