import { sql, type Selectable } from 'kysely';
import type { Executor } from '../../db/database.js';
import { ISSUER_SEAL_COLUMNS } from '../seals/repo.js';
import type { LicenceTable, LicenceTypeTable } from '../../db/schema.js';

export type LicenceRow = Selectable<LicenceTable>;
export type LicenceTypeRow = Selectable<LicenceTypeTable>;

export function listTypes(db: Executor, filter: { centreId?: number } = {}) {
  let query = db
    .selectFrom('licence_types as t')
    .innerJoin('departments as d', 'd.id', 't.department_id')
    .selectAll('t')
    .select(['d.name as department_name'])
    .select((eb) =>
      eb
        .selectFrom('licence_type_items as li')
        .innerJoin('service_items as i', 'i.id', 'li.item_id')
        .select(sql<{ id: number; name: string }[]>`coalesce(json_agg(json_build_object('id', i.id, 'name', i.name) ORDER BY i.id), '[]')`.as('items'))
        .whereRef('li.licence_type_id', '=', 't.id')
        .as('items'),
    )
    .orderBy('t.id');
  if (filter.centreId !== undefined) query = query.where('d.centre_id', '=', filter.centreId);
  return query.execute();
}

export function findType(db: Executor, id: number) {
  return db
    .selectFrom('licence_types as t')
    .innerJoin('departments as d', 'd.id', 't.department_id')
    .selectAll('t')
    .select(['d.name as department_name', 'd.centre_id'])
    .where('t.id', '=', id)
    .executeTakeFirst();
}

/** The licence type a case of this item produces, if any. */
export function typeForItem(db: Executor, itemId: number) {
  return db
    .selectFrom('licence_type_items as li')
    .innerJoin('licence_types as t', 't.id', 'li.licence_type_id')
    .selectAll('t')
    .where('li.item_id', '=', itemId)
    .where('t.status', '=', 'active')
    .executeTakeFirst();
}

/** The issuer's next daily sequence number (流水号 tail), gap-free under concurrent issuance. */
export async function nextSerial(db: Executor, departmentId: number, day: string): Promise<number> {
  const row = await db
    .insertInto('licence_serials')
    .values({ issuer_department_id: departmentId, day, last: 1 })
    .onConflict((oc) => oc.columns(['issuer_department_id', 'day']).doUpdateSet({ last: sql`licence_serials.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}

/** Licence rows with what every view needs from their type, issuer and seal. */
export function licenceQuery(db: Executor) {
  return db
    .selectFrom('licences as l')
    .innerJoin('licence_types as t', 't.id', 'l.type_id')
    .innerJoin('departments as d', 'd.id', 'l.issuer_department_id')
    .innerJoin('department_seals as s', 's.id', 'l.seal_id')
    .selectAll('l')
    .select([
      't.name as type_name',
      't.code as type_code',
      't.fields as type_fields',
      't.layout as type_layout',
      'd.centre_id as issuer_centre_id',
      ...ISSUER_SEAL_COLUMNS,
    ]);
}
export type LicenceView = NonNullable<Awaited<ReturnType<ReturnType<typeof licenceQuery>['executeTakeFirst']>>>;

export function findLicence(db: Executor, id: string) {
  return licenceQuery(db).where('l.id', '=', id).executeTakeFirst();
}

export function findByIdentifier(db: Executor, identifier: string) {
  return licenceQuery(db).where('l.identifier', '=', identifier).executeTakeFirst();
}

/** A 证照编号 names every version; the newest answers. */
export function findLatestByNumber(db: Executor, number: string) {
  return licenceQuery(db).where('l.number', '=', number).orderBy('l.version', 'desc').executeTakeFirst();
}

export function findByPdfDigest(db: Executor, digest: Buffer) {
  return licenceQuery(db).where('l.pdf_sm3', '=', digest).executeTakeFirst();
}

/**
 * A wallet: the licences held under the holder's code, and those issued into this account for
 * another holder it applied for (the enterprise an applicant registered through 企业开办) —
 * current versions only (a superseded version lives on in its history).
 */
export function listHolderLicences(db: Executor, holderCode: string | null, userId: number) {
  return licenceQuery(db)
    .where((eb) => (holderCode ? eb.or([eb('l.holder_code', '=', holderCode), eb('l.holder_user_id', '=', userId)]) : eb('l.holder_user_id', '=', userId)))
    .where('l.status', '!=', 'superseded')
    .orderBy('l.issued_on', 'desc')
    .orderBy('l.created_at', 'desc')
    .execute();
}

export function listEvents(db: Executor, rootId: string) {
  return db
    .selectFrom('licence_events as e')
    .innerJoin('licences as l', 'l.id', 'e.licence_id')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.at', 'e.action', 'e.reason', 'e.detail', 'l.version', 'u.display_name as actor_name'])
    .where('l.root_id', '=', rootId)
    .orderBy('e.id')
    .execute();
}

export async function insertEvent(
  db: Executor,
  event: { licenceId: string; actorId: number | null; action: string; reason?: string | null; detail?: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('licence_events')
    .values({ licence_id: event.licenceId, actor_id: event.actorId, action: event.action, reason: event.reason ?? null, detail: JSON.stringify(event.detail ?? {}) })
    .execute();
}

/**
 * Licences whose validity ended before `today` and whose expiry is not yet on their history: each
 * gets one 'expired' event (过期 is a date, not a decision, so it is recorded when first seen).
 */
export async function recordExpiries(db: Executor, today: string): Promise<number> {
  const result = await sql<{ id: string }>`
    INSERT INTO licence_events (licence_id, actor_id, action, reason, detail)
    SELECT l.id, NULL, 'expired', '有效期届满', jsonb_build_object('validTo', l.valid_to)
    FROM licences l
    WHERE l.status = 'valid' AND l.valid_to IS NOT NULL AND l.valid_to < ${today}::date
      AND NOT EXISTS (SELECT 1 FROM licence_events e WHERE e.licence_id = l.id AND e.action = 'expired')
    RETURNING licence_id AS id`.execute(db);
  return result.rows.length;
}
