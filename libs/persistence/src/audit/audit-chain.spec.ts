import {
  asStoredJson,
  auditEventHash,
  canonicalJson,
  genesisHash,
  verifyAuditChain,
  type AuditEventContent,
  type ChainedRow,
} from './audit-chain';

const cycleId = '6d3f0c52-0000-4000-8000-000000000001';

function chainOf(count: number): ChainedRow[] {
  const rows: ChainedRow[] = [];
  let prevHash = genesisHash(cycleId);
  for (let seq = 1; seq <= count; seq += 1) {
    const content: AuditEventContent = {
      id: `event-${seq}`,
      cycleId,
      chainSeq: seq,
      prevHash,
      at: new Date(Date.UTC(2024, 0, seq)),
      actorId: 'system:calendar',
      actorRole: 'system',
      action: 'reminder.sent',
      planId: null,
      assignmentId: 'a-1',
      reportId: null,
      ruleSetId: null,
      ruleSetVersion: null,
      details: { periodKey: `P${seq}` },
      dedupeKey: `reminder/${seq}`,
    };
    prevHash = auditEventHash(content);
    rows.push({ table: 'AuditEvent', content, hash: prevHash });
  }
  return rows;
}

const headOf = (rows: ChainedRow[]) => ({ length: rows.length, headHash: rows[rows.length - 1]?.hash ?? '' });

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order, so jsonb key order does not change a hash', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });

  it('hashes a value the same before it is stored and after jsonb gives it back', () => {
    const before = { ratio: 0.1 + 0.2, big: 1e21, missing: undefined, nan: Number.NaN, text: '督办' };
    const afterJsonb = JSON.parse('{"big": 1000000000000000000000, "nan": null, "text": "督办", "ratio": 0.30000000000000004}');
    expect(canonicalJson(asStoredJson(before))).toBe(canonicalJson(afterJsonb));
  });
});

describe('verifyAuditChain', () => {
  it('accepts an intact chain and an empty one', () => {
    const rows = chainOf(4);
    expect(verifyAuditChain({ cycleId, head: headOf(rows), rows, unchained: 2 })).toEqual({
      cycleId,
      valid: true,
      checked: 4,
      unchained: 2,
      firstBrokenAt: null,
    });
    expect(verifyAuditChain({ cycleId, head: null, rows: [], unchained: 0 }).valid).toBe(true);
  });

  it('names a changed row', () => {
    const rows = chainOf(4);
    (rows[1] as { content: AuditEventContent }).content.details = { periodKey: 'P9' };
    const verdict = verifyAuditChain({ cycleId, head: headOf(rows), rows, unchained: 0 });
    expect(verdict).toMatchObject({ valid: false, checked: 1, firstBrokenAt: { id: 'event-2', at: '2024-01-02T00:00:00.000Z' } });
    expect(verdict.firstBrokenAt?.reason).toMatch(/content does not match its hash/);
  });

  it('names the row after a rehashed row, whose link no longer matches', () => {
    const rows = chainOf(3);
    const second = rows[1] as { content: AuditEventContent; hash: string };
    second.content.actorId = 'someone-else';
    second.hash = auditEventHash(second.content);
    expect(verifyAuditChain({ cycleId, head: headOf(rows), rows, unchained: 0 }).firstBrokenAt).toMatchObject({
      id: 'event-3',
      reason: "its link to row 2 does not match that row's hash",
    });
  });

  it('names the row after a gap, a row claiming a taken position, and a chain cut short', () => {
    const rows = chainOf(5);
    const gap = [rows[0], rows[1], rows[4]] as ChainedRow[];
    expect(verifyAuditChain({ cycleId, head: headOf(rows), rows: gap, unchained: 0 }).firstBrokenAt).toMatchObject({
      id: 'event-5',
      reason: 'rows 3–4 are missing before this one',
    });
    const twice = [...rows, { ...(rows[2] as ChainedRow), content: { ...(rows[2] as ChainedRow).content, id: 'copy' } } as ChainedRow];
    expect(verifyAuditChain({ cycleId, head: headOf(rows), rows: twice, unchained: 0 }).firstBrokenAt?.reason).toMatch(
      /second row claims position 3/,
    );
    expect(verifyAuditChain({ cycleId, head: headOf(rows), rows: rows.slice(0, 3), unchained: 0 }).firstBrokenAt).toMatchObject({
      id: 'event-3',
      reason: 'the chain head records 5 rows; rows after this one (3) are missing',
    });
  });

  it("refuses a chain moved from another cycle (row 1 links to that cycle's genesis)", () => {
    const rows = chainOf(2);
    const verdict = verifyAuditChain({ cycleId: 'another-cycle', head: headOf(rows), rows, unchained: 0 });
    expect(verdict.firstBrokenAt).toMatchObject({ id: 'event-1' });
  });
});
