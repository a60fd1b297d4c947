import { describe, expect, it } from 'vitest';
import { RISK_RULES, type RiskBid, type RiskContext } from './risk-rules.js';

/**
 * Every rule on a case built to trigger it, and on a clean tender where it must stay silent.
 * The clean tender: three independent bidders on one lot of 1,000,000 with unremarkable prices.
 */
const DEADLINE = new Date('2026-06-20T01:30:00Z');
const bid = (n: number, overrides: Partial<RiskBid> = {}): RiskBid => ({
  id: `bid-${n}`,
  lotId: 1,
  enterpriseId: n,
  enterpriseName: `投标人${n}`,
  status: 'decrypted',
  submittedAt: new Date(`2026-06-1${n}T02:00:00Z`),
  closedAt: null,
  ip: `10.0.0.${n}`,
  price: [0, 880_000, 912_000, 951_500][n] ?? 900_000 + n,
  machineCode: `MC-${n}`,
  depositAccount: `62220000000${n}`,
  fingerprint: `fp-${n}`,
  personnel: [{ name: `经理${n}`, idHash: `person-${n}` }],
  ...overrides,
});

function clean(): RiskContext {
  return {
    project: { id: 'p', tendererId: 100, deadline: DEADLINE, requiredQualifications: ['建筑工程施工总承包'] },
    lots: [{ id: 1, number: 1, budget: 1_000_000 }],
    bids: [bid(1), bid(2), bid(3)],
    staff: [1, 2, 3].map((n) => ({ enterpriseId: n, name: `员工${n}`, idHash: `staff-${n}` })),
    qualifications: [1, 2, 3].map((n) => ({ enterpriseId: n, name: '建筑工程施工总承包二级', validUntil: '2027-12-31' })),
    clarifications: [{ publishedAt: new Date('2026-05-25T02:00:00Z') }],
    scores: [
      ...[11, 12, 13].flatMap((expertId, i) => [1, 2, 3].map((n) => ({ expertId, expertName: `专家${expertId}`, bidId: `bid-${n}`, total: 80 + n + i * 2 }))),
    ],
    expertHistory: [{ expertId: 11, expertName: '专家11', times: 1 }],
    awards: [{ projectId: 'p', lotId: 1, winnerId: 1, winnerName: '投标人1', bidderIds: [1, 2, 3] }],
  };
}

const cases: Record<string, (c: RiskContext) => void> = {
  SAME_MACHINE: (c) => (c.bids[1]!.machineCode = c.bids[0]!.machineCode),
  SAME_IP: (c) => (c.bids[2]!.ip = c.bids[0]!.ip),
  IDENTICAL_FINGERPRINT: (c) => (c.bids[1]!.fingerprint = c.bids[2]!.fingerprint),
  SAME_DEPOSIT_ACCOUNT: (c) => (c.bids[0]!.depositAccount = c.bids[2]!.depositAccount),
  PRICE_ARITHMETIC: (c) => c.bids.forEach((b, i) => (b.price = 900_000 + i * 20_000 + (i === 1 ? 500 : 0))),
  PRICE_TOO_CLOSE: (c) => (c.bids[1]!.price = c.bids[0]!.price! + 600),
  NEAR_CEILING: (c) => (c.bids[2]!.price = 996_000),
  ABNORMALLY_LOW: (c) => (c.bids[0]!.price = 600_000),
  SHARED_PERSON: (c) => (c.bids[2]!.personnel = [{ name: '员工1', idHash: 'staff-1' }]),
  FEW_BIDDERS: (c) => (c.bids[2]!.status = 'undecryptable'),
  LATE_WITHDRAWALS: (c) => c.bids.push(bid(4, { status: 'withdrawn', closedAt: new Date(DEADLINE.getTime() - 3_600_000) }), bid(5, { status: 'withdrawn', closedAt: new Date(DEADLINE.getTime() - 7_200_000) })),
  LATE_DOCUMENT_CHANGE: (c) => c.clarifications.push({ publishedAt: new Date('2026-06-12T08:00:00Z') }),
  QUALIFICATION_EXPIRED: (c) => (c.qualifications[1]!.validUntil = '2026-06-01'),
  EXPERT_SCORE_DEVIATION: (c) => (c.scores.find((s) => s.expertId === 13 && s.bidId === 'bid-2')!.total = 55),
  EXPERT_FREQUENT_WITH_TENDERER: (c) => (c.expertHistory[0]!.times = 3),
  REPEATED_WINNER_SAME_RIVALS: (c) => c.awards.push({ projectId: 'earlier', lotId: 7, winnerId: 1, winnerName: '投标人1', bidderIds: [1, 2, 3, 9] }),
};

describe('risk warning rules (风险预警点)', () => {
  it('there are at least 15 documented rules, each with a threshold, and a built case for each', () => {
    expect(RISK_RULES.length).toBeGreaterThanOrEqual(15);
    for (const rule of RISK_RULES) expect(rule.threshold.length).toBeGreaterThan(5);
    // BLACKLIST_ATTEMPT is raised where the bid is refused; trading.db.test.ts builds that case.
    expect(RISK_RULES.map((r) => r.code).filter((code) => !cases[code]).sort()).toEqual(['BLACKLIST_ATTEMPT']);
  });

  it('on the clean tender every rule stays silent', () => {
    const context = clean();
    for (const rule of RISK_RULES) expect({ rule: rule.code, findings: rule.check(context) }).toEqual({ rule: rule.code, findings: [] });
  });

  for (const [code, build] of Object.entries(cases)) {
    it(`${code} fires on its built case, with evidence, and no other rule's finding changes its verdict`, () => {
      const context = clean();
      build(context);
      const rule = RISK_RULES.find((r) => r.code === code)!;
      const findings = rule.check(context);
      expect(findings).toHaveLength(1);
      expect(findings[0]!.summary.length).toBeGreaterThan(4);
      expect(Object.keys(findings[0]!.evidence).length).toBeGreaterThan(0);
    });
  }

  it('evidence names the parties and values the supervisor needs', () => {
    const context = clean();
    cases.PRICE_ARITHMETIC!(context);
    const [finding] = RISK_RULES.find((r) => r.code === 'PRICE_ARITHMETIC')!.check(context);
    expect(finding!.evidence).toEqual({
      lotId: 1,
      prices: [
        { bidder: '投标人1', price: 900_000 },
        { bidder: '投标人2', price: 920_500 },
        { bidder: '投标人3', price: 940_000 },
      ],
      step: 20_500,
    });
    const deviation = clean();
    cases.EXPERT_SCORE_DEVIATION!(deviation);
    expect(RISK_RULES.find((r) => r.code === 'EXPERT_SCORE_DEVIATION')!.check(deviation)[0]!.evidence).toEqual({ expert: '专家13', bidder: '投标人2', score: 55, othersAverage: 83 });
  });
});
