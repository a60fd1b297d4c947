import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import { AppError } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import { isValidCreditCode } from '../../util/identity.js';
import type { Actor } from '../auth/actor.js';
import { recordEvent, type EventActor } from './events.js';
import { centreOwner, localSigner } from './keys.js';
import { verifyRecord } from './sm-crypto.js';
import { now as clockNow } from '../../util/clock.js';

/** 黑名单: who, why, from whom (this centre, a court, another city), from when to when. */
export interface BlacklistEntryInput {
  creditCode: string;
  name: string;
  reason: string;
  source: 'centre' | 'court' | 'other_city';
  sourceName: string;
  startsOn: string;
  endsOn: string | null;
}

/** The entry in force for an enterprise today, if any. */
export async function activeEntry(db: Executor, creditCode: string, today = chinaDate()) {
  return db
    .selectFrom('trading_blacklist')
    .selectAll()
    .where('credit_code', '=', creditCode)
    .where('starts_on', '<=', today)
    .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', today)]))
    .orderBy('starts_on', 'desc')
    .executeTakeFirst();
}

/** Refuses anything a blacklisted enterprise tries (registration, a bid), naming the entry. */
export async function assertNotBlacklisted(db: Executor, creditCode: string, doing: string): Promise<void> {
  const entry = await activeEntry(db, creditCode);
  if (entry) {
    const until = entry.ends_on ? `至 ${entry.ends_on}` : '（长期）';
    throw new AppError('FORBIDDEN', `该企业已被列入黑名单（${entry.source_name}：${entry.reason}，${entry.starts_on}${until}），不得${doing}`);
  }
}

function validate(entry: BlacklistEntryInput) {
  if (!isValidCreditCode(entry.creditCode)) throw new AppError('VALIDATION_FAILED', '统一社会信用代码不正确', [{ field: 'creditCode', message: '校验位不符' }]);
  if (entry.endsOn && entry.endsOn < entry.startsOn) throw new AppError('VALIDATION_FAILED', '结束日期早于开始日期', [{ field: 'endsOn', message: '早于开始日期' }]);
}

export async function addEntry(db: Database, actor: Actor, entry: BlacklistEntryInput) {
  validate(entry);
  return db.transaction().execute(async (trx) => {
    const row = await insertEntry(trx, entry, actor.id);
    if (!row) throw new AppError('CONFLICT', '同一来源同一日期的记录已存在');
    await recordEvent(trx, actor, 'blacklist_added', null, { id: row.id, creditCode: row.credit_code, source: row.source, sourceName: row.source_name });
    return entryView(row);
  });
}

async function insertEntry(trx: Executor, entry: BlacklistEntryInput, createdBy: number | null) {
  return trx
    .insertInto('trading_blacklist')
    .values({
      credit_code: entry.creditCode,
      name: entry.name,
      reason: entry.reason,
      source: entry.source,
      source_name: entry.sourceName,
      starts_on: entry.startsOn,
      ends_on: entry.endsOn,
      created_by: createdBy,
    })
    .onConflict((oc) => oc.columns(['credit_code', 'source_name', 'starts_on']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

type EntryRow = NonNullable<Awaited<ReturnType<typeof insertEntry>>>;
function entryView(row: EntryRow) {
  return {
    id: row.id,
    creditCode: row.credit_code,
    name: row.name,
    reason: row.reason,
    source: row.source,
    sourceName: row.source_name,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
  };
}

/** 曝光台: the entries in force today, newest first. */
export async function publicBlacklist(db: Database) {
  const today = chinaDate();
  const rows = await db
    .selectFrom('trading_blacklist')
    .selectAll()
    .where('starts_on', '<=', today)
    .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', today)]))
    .orderBy('starts_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(entryView);
}

/**
 * The feed other cities import (format `onewindow-trading-blacklist/1`, README): the entries this
 * centre and courts raised — not what it imported — signed (SM2) with the centre's key.
 */
export async function exportFeed(db: Database, actor: EventActor, centre: { id: number; name: string; region_code: string }) {
  const rows = await db.selectFrom('trading_blacklist').selectAll().where('source', '!=', 'other_city').orderBy('id').execute();
  const unsigned = {
    format: 'onewindow-trading-blacklist/1' as const,
    issuer: centre.name,
    regionCode: centre.region_code,
    issuedAt: clockNow().toISOString(),
    publicKey: await localSigner(db).publicKey(centreOwner(centre.id)),
    entries: rows.map((r) => ({
      creditCode: r.credit_code,
      name: r.name,
      reason: r.reason,
      source: r.source,
      sourceName: r.source_name,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
    })),
  };
  const signature = await localSigner(db).sign(centreOwner(centre.id), unsigned);
  await db.transaction().execute((trx) => recordEvent(trx, actor, 'blacklist_exported', null, { entries: rows.length }).then(() => undefined));
  return { ...unsigned, signature };
}

/**
 * Imports another city's signed feed. The signature must verify with the key registered for that
 * partner (not the key the feed itself carries, which anyone could replace); entries come in as
 * `other_city` with the partner's name, and ones already held are skipped.
 */
export async function importFeed(db: Database, actor: Actor, feed: { issuer: string; signature: string } & Record<string, unknown>) {
  const partner = await db.selectFrom('trading_partners').selectAll().where('name', '=', feed.issuer).executeTakeFirst();
  if (!partner) throw new AppError('FORBIDDEN', `未登记的数据交换方：${feed.issuer}`);
  const { signature, ...unsigned } = feed;
  if (!verifyRecord(unsigned, signature, partner.public_key)) throw new AppError('FORBIDDEN', '黑名单数据签名验证失败，拒绝导入');
  const entries = (feed.entries ?? []) as BlacklistEntryInput[];
  if (!Array.isArray(entries)) throw new AppError('VALIDATION_FAILED', '缺少 entries');
  return db.transaction().execute(async (trx) => {
    let imported = 0;
    for (const entry of entries) {
      const row = await insertEntry(
        trx,
        { ...entry, source: 'other_city', sourceName: `${partner.name}（${entry.sourceName}）`, endsOn: entry.endsOn ?? null },
        actor.id,
      );
      if (row) imported++;
    }
    await recordEvent(trx, actor, 'blacklist_imported', null, { partner: partner.name, received: entries.length, imported });
    return { received: entries.length, imported };
  });
}

export async function addPartner(db: Database, actor: Actor, partner: { name: string; regionCode: string; publicKey: string }) {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('trading_partners')
      .values({ name: partner.name, region_code: partner.regionCode, public_key: partner.publicKey })
      .onConflict((oc) => oc.column('name').doUpdateSet({ region_code: partner.regionCode, public_key: partner.publicKey }))
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(trx, actor, 'partner_registered', null, { name: row.name, regionCode: row.region_code });
    return { id: row.id, name: row.name, regionCode: row.region_code };
  });
}

/** Counts for the screen. */
export async function blacklistCount(db: Executor): Promise<number> {
  const today = chinaDate();
  const row = await db
    .selectFrom('trading_blacklist')
    .select(sql<number>`count(DISTINCT credit_code)`.as('n'))
    .where('starts_on', '<=', today)
    .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', today)]))
    .executeTakeFirstOrThrow();
  return row.n;
}
