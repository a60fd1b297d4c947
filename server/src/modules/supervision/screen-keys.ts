import crypto from 'node:crypto';
import type { Database } from '../../db/database.js';
import { AppError, notFound } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import * as repo from './screen-key-repo.js';

/** A key is 32 random bytes, base64url: it travels in the screen's address (EventSource sends no headers). */
const KEY_BYTES = 32;

const hashOf = (key: string) => crypto.createHash('sha256').update(key).digest();

function centreOf(actor: Actor): number {
  // A centre administrator keeps their own centre's screens; without a centre there are none to keep.
  if (actor.centreId === null || actor.centreId === undefined) throw notFound('服务中心');
  return actor.centreId;
}

/** Issues a key for one hall screen; the key itself is returned once and never stored. */
export async function createScreenKey(options: { db: Database; actor: Actor; name: string; publicUrl: string }) {
  const { db, actor, name, publicUrl } = options;
  const centreId = centreOf(actor);
  const key = crypto.randomBytes(KEY_BYTES).toString('base64url');
  const row = await db.transaction().execute(async (trx) => {
    const inserted = await repo.insertScreenKey(trx, { centreId, name, keyHash: hashOf(key), createdBy: actor.id });
    await writeAudit(trx, { actorId: actor.id, action: 'screen_key.create', targetType: 'screen_key', targetId: String(inserted.id), detail: { centreId, name } });
    return inserted;
  });
  return { id: row.id, name: row.name, key, url: `${publicUrl}/screen/${centreId}?key=${key}` };
}

export async function listScreenKeys(options: { db: Database; actor: Actor; openByKey: Map<number, number> }) {
  const rows = await repo.listScreenKeys(options.db, centreOf(options.actor));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by_name,
    lastConnectedAt: r.last_connected_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
    openStreams: options.openByKey.get(r.id) ?? 0,
  }));
}

/** Revokes a key of the administrator's centre; the caller ends its open streams. */
export async function revokeScreenKey(options: { db: Database; actor: Actor; id: number }): Promise<void> {
  const { db, actor, id } = options;
  const centreId = centreOf(actor);
  await db.transaction().execute(async (trx) => {
    const revoked = await repo.revokeScreenKey(trx, centreId, id);
    if (!revoked) throw notFound('大屏密钥');
    await writeAudit(trx, { actorId: actor.id, action: 'screen_key.revoke', targetType: 'screen_key', targetId: String(id), detail: { centreId, name: revoked.name } });
  });
}

/**
 * The key a screen presented, checked against its centre. A key that does not fit is refused
 * rather than served as anonymous, so a wrongly configured hall screen shows its problem at once.
 */
export async function screenKeyId(db: Database, centreId: number, key: string): Promise<number> {
  const found = await repo.useScreenKey(db, centreId, hashOf(key));
  if (!found) throw new AppError('FORBIDDEN', '大屏密钥无效或已停用，请联系中心管理员');
  return found.id;
}
