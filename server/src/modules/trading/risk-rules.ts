/**
 * 风险预警点: the automatic rules, pure functions over one project's facts. Each finding names the
 * rule and carries its evidence for the supervisor. Thresholds are constants here and in the
 * README table; change both together.
 */

import { chinaTimeText } from '../../util/china-time.js';

export interface RiskBid {
  id: string;
  lotId: number;
  enterpriseId: number;
  enterpriseName: string;
  status: 'sealed' | 'withdrawn' | 'replaced' | 'decrypted' | 'undecryptable';
  submittedAt: Date;
  closedAt: Date | null;
  ip: string;
  price: number | null;
  machineCode: string | null;
  depositAccount: string | null;
  fingerprint: string | null;
  personnel: { name: string; idHash: string }[];
}

export interface RiskContext {
  project: { id: string; tendererId: number; deadline: Date | null; requiredQualifications: string[] };
  lots: { id: number; number: number; budget: number }[];
  bids: RiskBid[];
  /** Registered staff of each bidding enterprise. */
  staff: { enterpriseId: number; name: string; idHash: string }[];
  /** Qualifications each bidding enterprise holds. */
  qualifications: { enterpriseId: number; name: string; validUntil: string }[];
  clarifications: { publishedAt: Date }[];
  /** Per expert and bid, the expert's total points (综合评估法). */
  scores: { expertId: number; expertName: string; bidId: string; total: number }[];
  /** How often each of this project's experts evaluated for the same tenderer in the last 12 months. */
  expertHistory: { expertId: number; expertName: string; times: number }[];
  /** Awards in the last 12 months: who won, who else bid. Includes this project's when awarded. */
  awards: { projectId: string; lotId: number; winnerId: number; winnerName: string; bidderIds: number[] }[];
}

export interface Finding {
  summary: string;
  evidence: Record<string, unknown>;
  /** What makes this finding the same finding when the rules run again. */
  key: string;
}

export type RiskStage = 'opening' | 'evaluation' | 'award' | 'bidding';

export interface RiskRule {
  code: string;
  name: string;
  stage: RiskStage;
  threshold: string;
  check(context: RiskContext): Finding[];
}

export const THRESHOLDS = {
  nearCeilingShare: 0.995,
  arithmeticTolerance: 0.001,
  arithmeticMinimumBids: 3,
  closePriceShare: 0.001,
  abnormallyLowShare: 0.7,
  minimumBidders: 3,
  lateWithdrawalHours: 24,
  lateWithdrawalCount: 2,
  deviationPoints: 20,
  expertRepeatTimes: 3,
  repeatedWinsWithSameRivals: 2,
  historyMonths: 12,
} as const;

const opened = (c: RiskContext) => c.bids.filter((b) => b.status === 'decrypted');
const live = (c: RiskContext) => c.bids.filter((b) => b.status === 'decrypted' || b.status === 'undecryptable' || b.status === 'sealed');

/** Groups bids whose `value` is equal and not empty; answers every group of two or more bidders. */
function sameValue(bids: RiskBid[], value: (b: RiskBid) => string | null): [string, RiskBid[]][] {
  const groups = new Map<string, RiskBid[]>();
  for (const bid of bids) {
    const v = value(bid);
    if (!v) continue;
    groups.set(v, [...(groups.get(v) ?? []), bid]);
  }
  return [...groups].filter(([, group]) => new Set(group.map((b) => b.enterpriseId)).size >= 2);
}

const names = (bids: RiskBid[]) => [...new Set(bids.map((b) => b.enterpriseName))];
const byLot = (bids: RiskBid[]) => {
  const lots = new Map<number, RiskBid[]>();
  for (const bid of bids) lots.set(bid.lotId, [...(lots.get(bid.lotId) ?? []), bid]);
  return lots;
};

export const RISK_RULES: RiskRule[] = [
  {
    code: 'SAME_MACHINE',
    name: '不同投标人的投标文件由同一台电脑制作',
    stage: 'opening',
    threshold: '两家及以上投标人的文件机器码相同',
    check: (c) =>
      sameValue(opened(c), (b) => b.machineCode).map(([code, group]) => ({
        summary: `${names(group).join('、')} 的投标文件机器码相同`,
        evidence: { machineCode: code, bidders: names(group), bids: group.map((b) => b.id) },
        key: code,
      })),
  },
  {
    code: 'SAME_IP',
    name: '不同投标人从同一 IP 地址上传投标文件',
    stage: 'opening',
    threshold: '两家及以上投标人的上传地址相同',
    check: (c) =>
      sameValue(live(c), (b) => b.ip).map(([ip, group]) => ({
        summary: `${names(group).join('、')} 从同一地址 ${ip} 上传投标文件`,
        evidence: { ip, bidders: names(group), submittedAt: group.map((b) => b.submittedAt.toISOString()) },
        key: ip,
      })),
  },
  {
    code: 'IDENTICAL_FINGERPRINT',
    name: '不同投标人的技术文件指纹（SM3）相同',
    stage: 'opening',
    threshold: '两家及以上投标人的技术标 SM3 相同',
    check: (c) =>
      sameValue(opened(c), (b) => b.fingerprint).map(([fingerprint, group]) => ({
        summary: `${names(group).join('、')} 的技术文件完全相同`,
        evidence: { fingerprint, bidders: names(group) },
        key: fingerprint,
      })),
  },
  {
    code: 'SAME_DEPOSIT_ACCOUNT',
    name: '不同投标人的投标保证金从同一账户缴纳',
    stage: 'opening',
    threshold: '两家及以上投标人的保证金账户相同',
    check: (c) =>
      sameValue(opened(c), (b) => b.depositAccount).map(([account, group]) => ({
        summary: `${names(group).join('、')} 的投标保证金来自同一账户`,
        evidence: { account: `****${account.slice(-4)}`, bidders: names(group) },
        key: account,
      })),
  },
  {
    code: 'PRICE_ARITHMETIC',
    name: '投标报价呈等差数列',
    stage: 'opening',
    threshold: `同一标段 ≥${THRESHOLDS.arithmeticMinimumBids} 家报价排序后相邻差额相等（误差 ≤ 最高限价的 ${THRESHOLDS.arithmeticTolerance * 100}%）`,
    check: (c) => {
      const findings: Finding[] = [];
      for (const [lotId, bids] of byLot(opened(c))) {
        const sorted = bids.filter((b) => b.price !== null).sort((a, b) => a.price! - b.price!);
        if (sorted.length < THRESHOLDS.arithmeticMinimumBids) continue;
        const budget = c.lots.find((l) => l.id === lotId)?.budget ?? sorted.at(-1)!.price!;
        const steps = sorted.slice(1).map((b, i) => b.price! - sorted[i]!.price!);
        const tolerance = budget * THRESHOLDS.arithmeticTolerance;
        if (steps[0]! > 0 && steps.every((s) => Math.abs(s - steps[0]!) <= tolerance)) {
          findings.push({
            summary: `${names(sorted).join('、')} 的报价呈等差数列（公差约 ${Math.round(steps[0]!)} 元）`,
            evidence: { lotId, prices: sorted.map((b) => ({ bidder: b.enterpriseName, price: b.price })), step: steps[0] },
            key: String(lotId),
          });
        }
      }
      return findings;
    },
  },
  {
    code: 'PRICE_TOO_CLOSE',
    name: '不同投标人报价异常接近',
    stage: 'opening',
    threshold: `同一标段两家报价相差不足最高限价的 ${THRESHOLDS.closePriceShare * 100}%`,
    check: (c) => {
      const findings: Finding[] = [];
      for (const [lotId, bids] of byLot(opened(c))) {
        const budget = c.lots.find((l) => l.id === lotId)?.budget ?? 0;
        const priced = bids.filter((b) => b.price !== null).sort((a, b) => a.price! - b.price!);
        for (let i = 1; i < priced.length; i++) {
          const [a, b] = [priced[i - 1]!, priced[i]!];
          if (a.enterpriseId !== b.enterpriseId && b.price! - a.price! < budget * THRESHOLDS.closePriceShare) {
            findings.push({
              summary: `${a.enterpriseName} 与 ${b.enterpriseName} 报价仅差 ${(b.price! - a.price!).toFixed(2)} 元`,
              evidence: { lotId, bidders: [a.enterpriseName, b.enterpriseName], prices: [a.price, b.price] },
              key: `${lotId}:${a.id}:${b.id}`,
            });
          }
        }
      }
      return findings;
    },
  },
  {
    code: 'NEAR_CEILING',
    name: '投标报价贴近最高投标限价',
    stage: 'opening',
    threshold: `报价 ≥ 标段最高限价的 ${THRESHOLDS.nearCeilingShare * 100}%`,
    check: (c) =>
      opened(c)
        .filter((b) => b.price !== null && b.price >= (c.lots.find((l) => l.id === b.lotId)?.budget ?? Infinity) * THRESHOLDS.nearCeilingShare)
        .map((b) => ({
          summary: `${b.enterpriseName} 报价 ${b.price} 元，贴近最高限价`,
          evidence: { bidder: b.enterpriseName, price: b.price, ceiling: c.lots.find((l) => l.id === b.lotId)?.budget },
          key: b.id,
        })),
  },
  {
    code: 'ABNORMALLY_LOW',
    name: '投标报价明显低于其他投标报价',
    stage: 'opening',
    threshold: `报价低于同标段其他报价平均值的 ${THRESHOLDS.abnormallyLowShare * 100}%`,
    check: (c) => {
      const findings: Finding[] = [];
      for (const [, bids] of byLot(opened(c))) {
        const priced = bids.filter((b) => b.price !== null);
        if (priced.length < 2) continue;
        for (const bid of priced) {
          const others = priced.filter((o) => o !== bid);
          const average = others.reduce((s, o) => s + o.price!, 0) / others.length;
          if (bid.price! < average * THRESHOLDS.abnormallyLowShare) {
            findings.push({ summary: `${bid.enterpriseName} 报价 ${bid.price} 元，明显低于其他报价平均 ${average.toFixed(2)} 元`, evidence: { bidder: bid.enterpriseName, price: bid.price, othersAverage: average }, key: bid.id });
          }
        }
      }
      return findings;
    },
  },
  {
    code: 'SHARED_PERSON',
    name: '同一人员出现在不同投标人的投标文件或人员名单中',
    stage: 'opening',
    threshold: '同一身份证号（摘要）出现在两家及以上投标人',
    check: (c) => {
      const bidders = new Map(live(c).map((b) => [b.enterpriseId, b.enterpriseName]));
      const seen = new Map<string, { name: string; enterprises: Set<number> }>();
      const add = (idHash: string, name: string, enterpriseId: number) => {
        if (!bidders.has(enterpriseId)) return;
        const entry = seen.get(idHash) ?? { name, enterprises: new Set<number>() };
        entry.enterprises.add(enterpriseId);
        seen.set(idHash, entry);
      };
      for (const bid of opened(c)) for (const p of bid.personnel) add(p.idHash, p.name, bid.enterpriseId);
      for (const s of c.staff) add(s.idHash, s.name, s.enterpriseId);
      return [...seen]
        .filter(([, e]) => e.enterprises.size >= 2)
        .map(([idHash, e]) => ({
          summary: `${e.name} 同时出现在 ${[...e.enterprises].map((id) => bidders.get(id)).join('、')}`,
          evidence: { person: e.name, bidders: [...e.enterprises].map((id) => bidders.get(id)) },
          key: idHash,
        }));
    },
  },
  {
    code: 'FEW_BIDDERS',
    name: '有效投标人不足三家',
    stage: 'opening',
    threshold: `同一标段解密成功的投标人少于 ${THRESHOLDS.minimumBidders} 家（《招标投标法》第二十八条）`,
    check: (c) =>
      c.lots
        .map((lot) => ({ lot, count: new Set(opened(c).filter((b) => b.lotId === lot.id).map((b) => b.enterpriseId)).size }))
        .filter(({ count }) => count < THRESHOLDS.minimumBidders)
        .map(({ lot, count }) => ({ summary: `第${lot.number}标段有效投标人仅 ${count} 家`, evidence: { lot: lot.number, bidders: count }, key: String(lot.id) })),
  },
  {
    code: 'LATE_WITHDRAWALS',
    name: '截止前集中撤回投标',
    stage: 'opening',
    threshold: `截止前 ${THRESHOLDS.lateWithdrawalHours} 小时内 ≥${THRESHOLDS.lateWithdrawalCount} 家撤回`,
    check: (c) => {
      if (!c.project.deadline) return [];
      const from = c.project.deadline.getTime() - THRESHOLDS.lateWithdrawalHours * 3_600_000;
      const late = c.bids.filter((b) => b.status === 'withdrawn' && b.closedAt && b.closedAt.getTime() >= from);
      const who = names(late);
      return who.length >= THRESHOLDS.lateWithdrawalCount
        ? [{ summary: `截止前 ${THRESHOLDS.lateWithdrawalHours} 小时内 ${who.length} 家撤回投标：${who.join('、')}`, evidence: { bidders: who, at: late.map((b) => b.closedAt!.toISOString()) }, key: 'late' }]
        : [];
    },
  },
  {
    code: 'LATE_DOCUMENT_CHANGE',
    name: '已有投标人递交后修改招标文件',
    stage: 'opening',
    threshold: '澄清/修改发布时已有投标文件递交',
    check: (c) =>
      c.clarifications
        .map((cl) => ({ cl, before: c.bids.filter((b) => b.submittedAt < cl.publishedAt) }))
        .filter(({ before }) => before.length > 0)
        .map(({ cl, before }) => ({
          summary: `${chinaTimeText(cl.publishedAt)} 发布澄清/修改时已有 ${names(before).length} 家递交投标文件`,
          evidence: { publishedAt: cl.publishedAt.toISOString(), submittedBefore: names(before) },
          key: cl.publishedAt.toISOString(),
        })),
  },
  {
    code: 'QUALIFICATION_EXPIRED',
    name: '投标人所需资质在投标截止时已过期或缺失',
    stage: 'opening',
    threshold: '招标要求的资质在截止日无有效记录',
    check: (c) => {
      if (!c.project.deadline || c.project.requiredQualifications.length === 0) return [];
      const deadline = c.project.deadline.toISOString().slice(0, 10);
      const findings: Finding[] = [];
      for (const bidder of new Map(opened(c).map((b) => [b.enterpriseId, b])).values()) {
        const held = c.qualifications.filter((q) => q.enterpriseId === bidder.enterpriseId && q.validUntil >= deadline).map((q) => q.name);
        const missing = c.project.requiredQualifications.filter((required) => !held.some((h) => h.includes(required)));
        if (missing.length > 0) findings.push({ summary: `${bidder.enterpriseName} 缺少有效资质：${missing.join('、')}`, evidence: { bidder: bidder.enterpriseName, missing }, key: String(bidder.enterpriseId) });
      }
      return findings;
    },
  },
  {
    code: 'EXPERT_SCORE_DEVIATION',
    name: '评标专家打分明显偏离其他专家',
    stage: 'evaluation',
    threshold: `某专家对某投标的总分与其他专家平均分相差 > ${THRESHOLDS.deviationPoints} 分`,
    check: (c) => {
      const findings: Finding[] = [];
      const bids = new Set(c.scores.map((s) => s.bidId));
      for (const bidId of bids) {
        const scores = c.scores.filter((s) => s.bidId === bidId);
        if (scores.length < 3) continue;
        for (const score of scores) {
          const others = scores.filter((s) => s !== score);
          const average = others.reduce((sum, s) => sum + s.total, 0) / others.length;
          if (Math.abs(score.total - average) > THRESHOLDS.deviationPoints) {
            const bidder = c.bids.find((b) => b.id === bidId)?.enterpriseName;
            findings.push({
              summary: `专家 ${score.expertName} 对 ${bidder} 打 ${score.total} 分，其他专家平均 ${average.toFixed(2)} 分`,
              evidence: { expert: score.expertName, bidder, score: score.total, othersAverage: average },
              key: `${score.expertId}:${bidId}`,
            });
          }
        }
      }
      return findings;
    },
  },
  {
    code: 'EXPERT_FREQUENT_WITH_TENDERER',
    name: '专家频繁参加同一招标人的评标',
    stage: 'evaluation',
    threshold: `${THRESHOLDS.historyMonths} 个月内参加同一招标人评标 ≥${THRESHOLDS.expertRepeatTimes} 次（含本次）`,
    check: (c) =>
      c.expertHistory
        .filter((h) => h.times >= THRESHOLDS.expertRepeatTimes)
        .map((h) => ({ summary: `专家 ${h.expertName} ${THRESHOLDS.historyMonths} 个月内第 ${h.times} 次评审该招标人的项目`, evidence: { expert: h.expertName, times: h.times }, key: String(h.expertId) })),
  },
  {
    code: 'REPEATED_WINNER_SAME_RIVALS',
    name: '同一中标人与相同对手多次同场且中标',
    stage: 'award',
    threshold: `${THRESHOLDS.historyMonths} 个月内同一中标人与相同的 ≥2 家对手同场并中标 ≥${THRESHOLDS.repeatedWinsWithSameRivals} 次`,
    check: (c) => {
      const findings: Finding[] = [];
      for (const award of c.awards.filter((a) => a.projectId === c.project.id)) {
        const rivals = award.bidderIds.filter((id) => id !== award.winnerId).sort((a, b) => a - b);
        if (rivals.length < 2) continue;
        const same = c.awards.filter((other) => other.winnerId === award.winnerId && rivals.every((r) => other.bidderIds.includes(r)));
        if (same.length >= THRESHOLDS.repeatedWinsWithSameRivals) {
          findings.push({
            summary: `${award.winnerName} 与相同的 ${rivals.length} 家对手同场已第 ${same.length} 次中标`,
            evidence: { winner: award.winnerName, rivals, projects: same.map((s) => s.projectId) },
            key: `${award.lotId}`,
          });
        }
      }
      return findings;
    },
  },
  {
    code: 'BLACKLIST_ATTEMPT',
    name: '黑名单企业试图投标',
    stage: 'bidding',
    threshold: '投标时统一社会信用代码命中有效黑名单（投标同时被拒绝）',
    // Raised where the bid is refused (bids.ts); nothing to look for afterwards.
    check: () => [],
  },
];
