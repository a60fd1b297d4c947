import type { Database, Executor } from '../../db/database.js';
import { recordEvent, type EventActor } from './events.js';
import { RISK_RULES, THRESHOLDS, type RiskContext, type RiskStage } from './risk-rules.js';

/** One warning to the supervisor, once per finding (the dedup key), on the audit trail. */
export async function raiseWarning(trx: Executor, projectId: string | null, rule: string, summary: string, evidence: Record<string, unknown>, key: string): Promise<boolean> {
  const row = await trx
    .insertInto('trading_warnings')
    .values({ project_id: projectId, rule, summary, evidence: JSON.stringify(evidence), dedup_key: `${rule}:${projectId ?? '-'}:${key}` })
    .onConflict((oc) => oc.column('dedup_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row) await recordEvent(trx, { id: null, role: 'system' }, 'risk_warning', projectId, { warningId: row.id, rule, summary });
  return row !== undefined;
}

/** The facts the rules look at, read in one place. */
export async function loadRiskContext(db: Executor, projectId: string): Promise<RiskContext> {
  const project = await db.selectFrom('trading_projects').selectAll().where('id', '=', projectId).executeTakeFirstOrThrow();
  const since = new Date(Date.now() - THRESHOLDS.historyMonths * 30 * 86_400_000);
  const [lots, bids, clarifications] = await Promise.all([
    db.selectFrom('trading_lots').select(['id', 'number', 'budget']).where('project_id', '=', projectId).orderBy('number').execute(),
    db
      .selectFrom('trading_bids')
      .innerJoin('trading_enterprises as e', 'e.id', 'trading_bids.enterprise_id')
      .select(['trading_bids.id', 'lot_id', 'enterprise_id', 'e.name', 'status', 'submitted_at', 'closed_at', 'ip', 'price', 'content'])
      .where('project_id', '=', projectId)
      .execute(),
    db.selectFrom('trading_publications').select('published_at').where('project_id', '=', projectId).where('kind', '=', 'clarification').execute(),
  ]);
  const enterpriseIds = [...new Set(bids.map((b) => b.enterprise_id))];
  const [staff, enterprises, scores, history, awards] = await Promise.all([
    enterpriseIds.length ? db.selectFrom('trading_people').select(['enterprise_id', 'name', 'id_hash']).where('enterprise_id', 'in', enterpriseIds).execute() : [],
    enterpriseIds.length ? db.selectFrom('trading_enterprises').select(['id', 'qualifications']).where('id', 'in', enterpriseIds).execute() : [],
    db
      .selectFrom('trading_scores')
      .innerJoin('trading_bids', 'trading_bids.id', 'trading_scores.bid_id')
      .innerJoin('trading_experts', 'trading_experts.id', 'trading_scores.expert_id')
      .select(['trading_scores.expert_id', 'trading_experts.name', 'trading_scores.bid_id'])
      .select((eb) => eb.fn.sum<number>('trading_scores.points').as('total'))
      .where('trading_bids.project_id', '=', projectId)
      .where('trading_scores.criterion', '!=', 'qualified')
      .groupBy(['trading_scores.expert_id', 'trading_experts.name', 'trading_scores.bid_id'])
      .execute(),
    db
      .selectFrom('trading_draw_members as m')
      .innerJoin('trading_draws as d', 'd.id', 'm.draw_id')
      .innerJoin('trading_projects as p', 'p.id', 'd.project_id')
      .innerJoin('trading_experts as x', 'x.id', 'm.expert_id')
      .select(['m.expert_id', 'x.name'])
      .select((eb) => eb.fn.count<number>('p.id').distinct().as('times'))
      .where('p.tenderer_id', '=', project.tenderer_id)
      .where('m.role', '=', 'member')
      .where('m.status', 'in', ['notified', 'accepted'])
      .where('d.created_at', '>=', since)
      .where(
        'm.expert_id',
        'in',
        db
          .selectFrom('trading_draw_members as mm')
          .innerJoin('trading_draws as dd', 'dd.id', 'mm.draw_id')
          .select('mm.expert_id')
          .where('dd.project_id', '=', projectId)
          .where('mm.role', '=', 'member')
          .where('mm.status', 'in', ['notified', 'accepted']),
      )
      .groupBy(['m.expert_id', 'x.name'])
      .execute(),
    db
      .selectFrom('trading_awards as a')
      .innerJoin('trading_enterprises as w', 'w.id', 'a.enterprise_id')
      .select(['a.project_id', 'a.lot_id', 'a.enterprise_id', 'w.name'])
      .select((eb) =>
        eb
          .selectFrom('trading_bids as b')
          .select((inner) => inner.fn.agg<number[]>('array_agg', ['b.enterprise_id']).as('ids'))
          .whereRef('b.lot_id', '=', 'a.lot_id')
          .where('b.status', '=', 'decrypted')
          .as('bidder_ids'),
      )
      .where('a.issued_at', '>=', since)
      .execute(),
  ]);
  return {
    project: { id: project.id, tendererId: project.tenderer_id, deadline: project.bid_deadline, requiredQualifications: project.qualifications },
    lots: lots.map((l) => ({ id: l.id, number: l.number, budget: Number(l.budget) })),
    bids: bids.map((b) => {
      const content = (b.content ?? {}) as { machineCode?: string; depositAccount?: string; fingerprint?: string; personnel?: { name: string; idHash: string }[] };
      return {
        id: b.id,
        lotId: b.lot_id,
        enterpriseId: b.enterprise_id,
        enterpriseName: b.name,
        status: b.status,
        submittedAt: b.submitted_at,
        closedAt: b.closed_at,
        ip: b.ip,
        price: b.price === null ? null : Number(b.price),
        machineCode: content.machineCode ?? null,
        depositAccount: content.depositAccount ?? null,
        fingerprint: content.fingerprint ?? null,
        personnel: content.personnel ?? [],
      };
    }),
    staff: staff.map((s) => ({ enterpriseId: s.enterprise_id, name: s.name, idHash: s.id_hash })),
    qualifications: enterprises.flatMap((e) => e.qualifications.map((q) => ({ enterpriseId: e.id, name: q.name, validUntil: q.validUntil }))),
    clarifications: clarifications.map((c) => ({ publishedAt: c.published_at })),
    scores: scores.map((s) => ({ expertId: s.expert_id, expertName: s.name, bidId: s.bid_id, total: Number(s.total) })),
    expertHistory: history.map((h) => ({ expertId: h.expert_id, expertName: h.name, times: Number(h.times) })),
    awards: awards.map((a) => ({ projectId: a.project_id, lotId: a.lot_id, winnerId: a.enterprise_id, winnerName: a.name, bidderIds: a.bidder_ids ?? [] })),
  };
}

/** Runs the rules of one stage and raises what they find; answers the warnings newly raised. */
export async function runRiskRules(db: Database, projectId: string, stage: RiskStage, actor: EventActor): Promise<{ rule: string; summary: string }[]> {
  const context = await loadRiskContext(db, projectId);
  const raised: { rule: string; summary: string }[] = [];
  await db.transaction().execute(async (trx) => {
    for (const rule of RISK_RULES.filter((r) => r.stage === stage)) {
      for (const finding of rule.check(context)) {
        if (await raiseWarning(trx, projectId, rule.code, finding.summary, finding.evidence, finding.key)) raised.push({ rule: rule.code, summary: finding.summary });
      }
    }
    await recordEvent(trx, actor, 'risk_rules_run', projectId, { stage, raised: raised.length });
  });
  return raised;
}

/** The supervisor's list (optionally one project's). */
export async function listWarnings(db: Database, projectId?: string) {
  let query = db
    .selectFrom('trading_warnings')
    .leftJoin('trading_projects', 'trading_projects.id', 'trading_warnings.project_id')
    .select(['trading_warnings.id', 'rule', 'summary', 'evidence', 'raised_at', 'trading_projects.number', 'trading_projects.title', 'project_id'])
    .orderBy('trading_warnings.id', 'desc')
    .limit(500);
  if (projectId) query = query.where('project_id', '=', projectId);
  const rows = await query.execute();
  const names = new Map(RISK_RULES.map((r) => [r.code, r.name]));
  return rows.map((r) => ({
    id: r.id,
    rule: r.rule,
    ruleName: names.get(r.rule) ?? r.rule,
    summary: r.summary,
    evidence: r.evidence,
    raisedAt: r.raised_at.toISOString(),
    projectId: r.project_id,
    projectNumber: r.number,
    projectTitle: r.title,
  }));
}

export function ruleCatalogue() {
  return RISK_RULES.map((r) => ({ code: r.code, name: r.name, stage: r.stage, threshold: r.threshold }));
}
