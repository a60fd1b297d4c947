import crypto from 'node:crypto';
import type { Database, Executor } from '../../db/database.js';
import type { MaterialContentType } from '../../db/schema.js';
import { AppError, forbidden, invalidState, notFound } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { lockVisibleCase } from '../cases/repo.js';
import { cleanOriginalName, detectContentType } from './detect.js';
import * as repo from './repo.js';
import type { FileStore } from './storage.js';
import { now as clockNow } from '../../util/clock.js';

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_CASE_BYTES = 100 * 1024 * 1024;

/** Who may read a case's files: its applicant, the centre's clerks and the deciding department. */
const FILE_ROLES = new Set(['applicant', 'clerk', 'reviewer', 'agent']);

/**
 * Attaches one material. The applicant adds to their own case while it waits for acceptance or
 * correction; a clerk scans papers in at the window while accepting.
 */
export async function uploadMaterial(options: {
  db: Database;
  store: FileStore;
  actor: Actor;
  caseId: string;
  name: string;
  originalName: string | undefined;
  content: Buffer;
}): Promise<{ id: string }> {
  const { db, actor, content } = options;
  // A village agent scans the villager's papers in, as the applicant would upload them.
  if (actor.role !== 'applicant' && actor.role !== 'clerk' && actor.role !== 'agent') throw forbidden('只有申请人、代办员或窗口人员可以上传材料');
  const contentType = detectContentType(content);
  if (!contentType) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', '只接受 PDF、JPEG、PNG、OFD 格式的文件（按文件内容识别）');
  }
  const id = crypto.randomUUID();
  return db.transaction().execute(async (trx) => {
    const current = await lockVisibleCase(trx, options.caseId, actor);
    if (!current) throw notFound('办件');
    const open = actor.role === 'clerk' ? ['submitted'] : ['submitted', 'correction_required'];
    if (!open.includes(current.status)) throw invalidState('当前办件状态不能再上传材料');
    if ((await repo.totalBytes(trx, current.id)) + content.length > MAX_CASE_BYTES) {
      throw new AppError('PAYLOAD_TOO_LARGE', `每个办件的材料合计不能超过 ${MAX_CASE_BYTES / 1024 / 1024} MB`);
    }
    await repo.insertMaterial(trx, {
      id,
      case_id: current.id,
      name: options.name,
      original_name: cleanOriginalName(options.originalName),
      content_type: contentType,
      size_bytes: content.length,
      sm3: crypto.createHash('sm3').update(content).digest(),
      uploaded_by: actor.id,
      uploaded_at: clockNow(),
      verdict_note: null,
      checked_by: null,
    });
    // The row commits only if the file is safely on disk.
    await options.store.write(id, content);
    return { id };
  });
}

/**
 * Attaches a file already stored (a joint application's shared upload) to one case as its own
 * material, on the caller's transaction: the case gets its own row and its own copy of the file,
 * so download, check and archive treat it like any other material.
 */
export async function attachStoredMaterial(
  trx: Executor,
  store: FileStore,
  options: {
    caseId: string;
    sourceFileId: string;
    jointMaterialId: string;
    name: string;
    originalName: string;
    contentType: MaterialContentType;
    sizeBytes: number;
    sm3: Buffer;
    uploadedBy: number;
  },
): Promise<{ id: string }> {
  const id = crypto.randomUUID();
  await repo.insertMaterial(trx, {
    id,
    case_id: options.caseId,
    name: options.name,
    original_name: options.originalName,
    content_type: options.contentType,
    size_bytes: options.sizeBytes,
    sm3: options.sm3,
    uploaded_by: options.uploadedBy,
    uploaded_at: clockNow(),
    verdict_note: null,
    checked_by: null,
    joint_material_id: options.jointMaterialId,
  });
  await store.copy(options.sourceFileId, id);
  return { id };
}

export async function readMaterial(options: { db: Database; store: FileStore; actor: Actor; caseId: string; materialId: string }) {
  if (!FILE_ROLES.has(options.actor.role)) throw notFound('材料');
  const material = await repo.findVisibleMaterial(options.db, options.actor, options.caseId, options.materialId);
  if (!material) throw notFound('材料');
  await writeAudit(options.db, {
    actorId: options.actor.id,
    action: 'material.read',
    targetType: 'case_material',
    targetId: material.id,
  });
  return { ...material, content: await options.store.read(material.id) };
}

/** The clerk's check of one material against the item's list (齐全 / 缺失 / 不符 / 过期). */
export async function checkMaterial(options: {
  db: Database;
  actor: Actor;
  caseId: string;
  materialId: string;
  verdict: 'ok' | 'missing' | 'wrong' | 'expired';
  note?: string;
}): Promise<void> {
  if (options.actor.role !== 'clerk') throw forbidden('只有窗口人员可以核验材料');
  await options.db.transaction().execute(async (trx) => {
    const current = await lockVisibleCase(trx, options.caseId, options.actor);
    if (!current) throw notFound('办件');
    const updated = await repo.setVerdict(trx, {
      materialId: options.materialId,
      caseId: current.id,
      verdict: options.verdict,
      note: options.note ?? null,
      by: options.actor.id,
    });
    if (!updated) throw notFound('材料');
    await writeAudit(trx, {
      actorId: options.actor.id,
      action: 'material.check',
      targetType: 'case_material',
      targetId: options.materialId,
      detail: { verdict: options.verdict },
    });
  });
}
