import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import { fixedQuery } from '../../db/prepared.js';
import type { ItemKind, ItemMaterial, ReviewChain } from '../../db/schema.js';
import type { CorrectionPoint, MaterialStanding } from './checklist.js';

/** The material list a case is checked against: that of the item version it was applied under. */
export async function listedMaterialsOf(db: Executor, c: { item_id: number; item_version_id: number | null }): Promise<ItemMaterial[]> {
  if (c.item_version_id !== null) {
    const version = await db
      .selectFrom('service_item_versions')
      .select(sql<ItemMaterial[] | null>`snapshot -> 'materials'`.as('materials'))
      .where('id', '=', c.item_version_id)
      .executeTakeFirst();
    if (Array.isArray(version?.materials)) return version.materials;
  }
  const item = await db.selectFrom('service_items').select('materials').where('id', '=', c.item_id).executeTakeFirstOrThrow();
  return item.materials;
}

/** Per listed material: the clerk's verdict and whether it is deferred under 容缺. */
export async function standingOf(db: Executor, caseId: string): Promise<Map<string, MaterialStanding>> {
  const [checks, deferrals] = await Promise.all([
    db.selectFrom('case_material_checks').select(['material_id', 'verdict', 'reason']).where('case_id', '=', caseId).execute(),
    db.selectFrom('case_deferred_materials').select('material_id').where('case_id', '=', caseId).where('closed_at', 'is', null).execute(),
  ]);
  return standingFrom(checks, deferrals);
}

type MaterialCheckRow = { material_id: string; verdict: MaterialStanding['verdict']; reason: string | null };

/**
 * What accepting a case reads besides the case, in one query instead of four round trips (the
 * clock settings, the item's chain, the material list, the materials' standing): the item's kind
 * and chain, the case's material list (listedMaterialsOf), its checks and open deferrals
 * (standingOf) and the stored clock settings (unparsed).
 */
const acceptanceFactsQuery = fixedQuery('acceptance_facts', (db: Executor, caseId: string, itemId: number, itemVersionId: number | null) =>
  db
    .selectFrom('service_items as si')
    .select([
      'si.kind',
      'si.review_chain',
      sql<ItemMaterial[]>`coalesce((SELECT v.snapshot -> 'materials' FROM service_item_versions v WHERE v.id = ${itemVersionId} AND jsonb_typeof(v.snapshot -> 'materials') = 'array'), si.materials)`.as('materials'),
      sql<MaterialCheckRow[]>`coalesce((SELECT jsonb_agg(jsonb_build_object('material_id', c.material_id, 'verdict', c.verdict, 'reason', c.reason)) FROM case_material_checks c WHERE c.case_id = ${caseId}), '[]')`.as('checks'),
      sql<string[]>`coalesce((SELECT jsonb_agg(d.material_id) FROM case_deferred_materials d WHERE d.case_id = ${caseId} AND d.closed_at IS NULL), '[]')`.as('deferred'),
      sql<unknown>`(SELECT value FROM settings WHERE key = 'clock')`.as('clock_settings'),
    ])
    .where('si.id', '=', itemId),
);

export interface AcceptanceFacts {
  kind: ItemKind;
  review_chain: ReviewChain | null;
  materials: ItemMaterial[];
  standing: Map<string, MaterialStanding>;
  /** The stored clock settings as they are (clock-settings.ts parses them). */
  clock_settings: unknown;
}

export async function findAcceptanceFacts(db: Executor, c: { id: string; item_id: number; item_version_id: number | null }): Promise<AcceptanceFacts> {
  const [row] = await acceptanceFactsQuery(db, c.id, c.item_id, c.item_version_id);
  if (!row) throw new Error(`item ${c.item_id} not found`);
  return { ...row, standing: standingFrom(row.checks, row.deferred.map((material_id) => ({ material_id }))) };
}

function standingFrom(checks: readonly MaterialCheckRow[], deferrals: readonly { material_id: string }[]): Map<string, MaterialStanding> {
  const standing = new Map<string, MaterialStanding>();
  for (const c of checks) standing.set(c.material_id, { verdict: c.verdict, reason: c.reason, deferred: false });
  for (const d of deferrals) standing.set(d.material_id, { ...(standing.get(d.material_id) ?? { verdict: null, reason: null }), deferred: true });
  return standing;
}

export async function saveCheck(db: Executor, check: { caseId: string; materialId: string; verdict: 'accepted' | 'defective'; reason: string | null; by: number; at: Date }) {
  await db
    .insertInto('case_material_checks')
    .values({ case_id: check.caseId, material_id: check.materialId, verdict: check.verdict, reason: check.reason, verified_by: check.by, verified_at: check.at })
    .onConflict((oc) => oc.columns(['case_id', 'material_id']).doUpdateSet({ verdict: check.verdict, reason: check.reason, verified_by: check.by, verified_at: check.at }))
    .execute();
}

export async function saveDeferral(db: Executor, d: { caseId: string; materialId: string; materialName: string; promisedDate: string; by: number; at: Date }) {
  await db
    .insertInto('case_deferred_materials')
    .values({ case_id: d.caseId, material_id: d.materialId, material_name: d.materialName, promised_date: d.promisedDate, recorded_by: d.by, recorded_at: d.at })
    .onConflict((oc) => oc.columns(['case_id', 'material_id']).doUpdateSet({ promised_date: d.promisedDate, recorded_by: d.by, recorded_at: d.at, closed_at: null, closed_by: null, overdue_warned_at: null }))
    .execute();
}

export function findOpenDeferral(db: Executor, caseId: string, materialId: string) {
  return db.selectFrom('case_deferred_materials').selectAll().where('case_id', '=', caseId).where('material_id', '=', materialId).where('closed_at', 'is', null).executeTakeFirst();
}

export async function closeDeferral(db: Executor, caseId: string, materialId: string, by: number, at: Date) {
  await db.updateTable('case_deferred_materials').set({ closed_at: at, closed_by: by }).where('case_id', '=', caseId).where('material_id', '=', materialId).where('closed_at', 'is', null).execute();
}

export function listDeferrals(db: Executor, caseId: string) {
  return db.selectFrom('case_deferred_materials').selectAll().where('case_id', '=', caseId).orderBy('material_id').execute();
}

/** 容缺 promises past their date on a running case, not yet warned (the sweep's list). */
export function overdueDeferrals(db: Executor, today: string, limit: number) {
  return db
    .selectFrom('case_deferred_materials as d')
    .innerJoin('cases as c', 'c.id', 'd.case_id')
    .select(['d.case_id', 'd.material_id', 'd.material_name', 'd.promised_date', 'c.applicant_id', 'c.department_id', 'c.assignee_id', 'c.clerk_id', 'c.number'])
    .where('d.closed_at', 'is', null)
    .where('d.overdue_warned_at', 'is', null)
    .where('d.promised_date', '<', today)
    .where('c.status', 'in', ['accepted', 'approved', 'denied'])
    .orderBy('d.promised_date')
    .limit(limit)
    .execute();
}

export async function markDeferralWarned(db: Executor, caseId: string, materialId: string, at: Date) {
  await db.updateTable('case_deferred_materials').set({ overdue_warned_at: at }).where('case_id', '=', caseId).where('material_id', '=', materialId).execute();
}

/** Files per listed material, and when each material's newest file arrived. */
export async function filesByMaterial(db: Executor, caseId: string): Promise<Map<string, { count: number; latest: Date }>> {
  const rows = await db
    .selectFrom('case_materials')
    .select(['item_material_id', sql<number>`count(*)::int`.as('count'), sql<Date>`max(uploaded_at)`.as('latest')])
    .where('case_id', '=', caseId)
    .where('item_material_id', 'is not', null)
    .groupBy('item_material_id')
    .execute();
  return new Map(rows.map((r) => [r.item_material_id!, { count: r.count, latest: new Date(r.latest) }]));
}

/** The newest correction notice of a case: when it was issued and its points. */
export async function latestCorrection(db: Executor, caseId: string): Promise<{ at: Date; points: CorrectionPoint[] } | undefined> {
  const row = await db
    .selectFrom('case_events')
    .select(['at', 'data'])
    .where('case_id', '=', caseId)
    .where('action', '=', 'request_correction')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  const data = row.data as { points?: CorrectionPoint[]; missing?: string[] };
  // Notices issued before points existed list free text only: each line is a free point.
  const points = data.points ?? (data.missing ?? []).map((text) => ({ materialId: null, text }));
  return { at: new Date(row.at), points };
}

/** The applicant's files staged for an item, by id (only their own, only for that item). */
export function findStaged(db: Executor, ownerId: number, itemId: number, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('staged_materials').selectAll().where('owner_id', '=', ownerId).where('item_id', '=', itemId).where('id', 'in', ids).execute();
}

/** Moves staged files onto the new case: same id, same stored file, now the case's material. */
export async function attachStaged(db: Executor, caseId: string, staged: { id: string }[], uploadedBy: number) {
  if (staged.length === 0) return;
  const ids = staged.map((s) => s.id);
  await db
    .insertInto('case_materials')
    .columns(['id', 'case_id', 'name', 'original_name', 'content_type', 'size_bytes', 'sm3', 'uploaded_by', 'uploaded_at', 'item_material_id'])
    .expression((eb) =>
      eb
        .selectFrom('staged_materials')
        .select(['id', sql<string>`${caseId}::uuid`.as('case_id'), 'name', 'original_name', 'content_type', 'size_bytes', 'sm3', sql<number>`${uploadedBy}::int`.as('uploaded_by'), 'uploaded_at', 'item_material_id'])
        .where('id', 'in', ids),
    )
    .execute();
  await db.deleteFrom('staged_materials').where('id', 'in', ids).execute();
}

export async function hasIdempotencyClaim(db: Executor, applicantId: number, key: string): Promise<boolean> {
  return (await db.selectFrom('idempotency_keys').select('case_id').where('applicant_id', '=', applicantId).where('key', '=', key).executeTakeFirst()) !== undefined;
}
