import { expect } from 'chai';
import {
  AnchorFileError,
  anchorCheck,
  formatAnchor,
  parseAnchors,
  parseSyslogServer,
  type AuditAnchor,
} from '../../server/platform/auditTrail/anchors.js';

const mac = (c: string) => c.repeat(64);
const anchor = (seq: number, m = mac('a'), at = '2026-12-01T10:00:00.000Z'): AuditAnchor => ({ seq, mac: m, at });

describe('audit anchors (server/platform/auditTrail/anchors.ts)', () => {
  it('reads back what it writes, skips blank lines, and reads lines copied from syslog', () => {
    const a = anchor(12);
    const syslog = `Dec  1 10:00:00 host puente-audit-anchor[42]: ${formatAnchor(anchor(13, mac('b')))}`;
    expect(parseAnchors(`${formatAnchor(a)}\n\n${syslog}\n`)).to.deep.equal([a, anchor(13, mac('b'))]);
  });

  it('refuses a line that is not an anchor, naming it', () => {
    for (const bad of [
      'not json',
      '{"seq":1}',
      formatAnchor(anchor(1)).replace('puente-audit-anchor', 'other'),
      formatAnchor(anchor(1, 'A'.repeat(64))),
      formatAnchor(anchor(-1)),
      formatAnchor(anchor(1)).replace('}', ',"extra":1}'),
    ]) {
      expect(() => parseAnchors(`${formatAnchor(anchor(1))}\n${bad}\n`), bad)
        .to.throw(AnchorFileError)
        .with.property('message', 'line 2 is not an audit anchor');
    }
  });

  it('checks each anchored event and, at the end, anchors beyond the trail', () => {
    const check = anchorCheck([anchor(0, '0'.repeat(64)), anchor(2), anchor(2), anchor(5, mac('c')), anchor(9, mac('d'))]);
    expect(check.event(1, mac('z'))).to.equal(null);
    expect(check.event(2, mac('a'))).to.equal(null);
    expect(check.matched).to.equal(3);
    expect(check.event(5, mac('e'))).to.match(/^its hash is not the one anchored at 2026-12-01T10:00:00.000Z \(cccccccccccccccc…\)/);
    expect(check.end(8)).to.match(/the trail ends at 8 but the anchor taken at .* records event 9: the newest events were deleted/);
    expect(anchorCheck([anchor(3)]).end(3)).to.equal(null);
  });

  it('takes a syslog server as HOST, HOST:PORT or [IPv6]:PORT', () => {
    expect(parseSyslogServer('logs.example.org')).to.deep.equal({ host: 'logs.example.org', port: 514 });
    expect(parseSyslogServer('10.0.0.5:1514')).to.deep.equal({ host: '10.0.0.5', port: 1514 });
    expect(parseSyslogServer('[2001:db8::1]:6514')).to.deep.equal({ host: '2001:db8::1', port: 6514 });
    for (const bad of ['', '-evil', 'host:0', 'host:70000', 'a b', '-n evil', 'host:port'])
      expect(parseSyslogServer(bad), bad).to.equal(null);
  });
});
