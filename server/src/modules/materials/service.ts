import crypto from 'node:crypto';
import type { Database, Executor } from '../../db/database.js';
import type { MaterialContentType } from '../../db/schema.js';
import { AppError, forbidden, invalidState, notFound } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { lockVisibleCase } from '../cases/repo.js';
import { cleanDisplayName, cleanOriginalName, inspectFile } from './detect.js';
import * as repo from './repo.js';
import type { FileStore } from './storage.js';
import { now as clockNow } from '../../util/clock.js';

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_CASE_BYTES = 100 * 1024 * 1024;

/** Who may read a case's files: its applicant, the centre's clerks and the deciding department. */
const FILE_ROLES = new Set(['applicant', 'clerk', 'reviewer', 'agent']);

/** At most this many files in one upload request (a multi-page scan, both sides of an ID card). */
export const MAX_FILES_PER_REQUEST = 10;

export interface UploadedFile {
  /** The material's name (营业执照 …), as given before the file. */
  name: string;
  originalName: string | undefined;
  content: Buffer;
}

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
  const [stored] = await uploadMaterials({ ...options, files: [{ name: options.name, originalName: options.originalName, content: options.content }] });
  return { id: (stored as { id: string }).id };
}

/**
 * Attaches several materials at once: every file is checked first and all are stored in one
 * transaction, or none is (one bad page refuses the request and names the file), so a person never
 * wonders which of their files arrived.
 */
export async function uploadMaterials(options: {
  db: Database;
  store: FileStore;
  actor: Actor;
  caseId: string;
  files: UploadedFile[];
}): Promise<{ id: string; name: string; originalName: string }[]> {
  const { db, actor, files } = options;
  // A village agent scans the villager's papers in, as the applicant would upload them.
  if (actor.role !== 'applicant' && actor.role !== 'clerk' && actor.role !== 'agent') throw forbidden('只有申请人、代办员或窗口人员可以上传材料');
  if (files.length === 0) throw new AppError('VALIDATION_FAILED', '请选择文件', [{ field: 'body.file', message: '请选择文件' }]);
  if (files.length > MAX_FILES_PER_REQUEST) throw new AppError('PAYLOAD_TOO_LARGE', `一次最多上传 ${MAX_FILES_PER_REQUEST} 个文件`);
  const checked = files.map((file, index) => {
    const originalName = cleanOriginalName(file.originalName);
    const name = cleanDisplayName(file.name).slice(0, 100);
    if (!name) throw new AppError('VALIDATION_FAILED', '请填写材料名称', [{ field: `body.name[${index}]`, message: '请填写材料名称' }]);
    const inspected = inspectFile(file.content);
    if ('reason' in inspected) {
      const message = files.length > 1 ? `第 ${index + 1} 个文件「${originalName}」：${inspected.reason}` : inspected.reason;
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', message, [{ field: `body.file[${index}]`, message: inspected.reason }]);
    }
    return { id: crypto.randomUUID(), name, originalName, contentType: inspected.contentType, content: file.content };
  });
  const total = checked.reduce((sum, file) => sum + file.content.length, 0);
  return db.transaction().execute(async (trx) => {
    const current = await lockVisibleCase(trx, options.caseId, actor);
    if (!current) throw notFound('办件');
    const open = actor.role === 'clerk' ? ['submitted'] : ['submitted', 'correction_required'];
    if (!open.includes(current.status)) throw invalidState('当前办件状态不能再上传材料');
    if ((await repo.totalBytes(trx, current.id)) + total > MAX_CASE_BYTES) {
      throw new AppError('PAYLOAD_TOO_LARGE', `每个办件的材料合计不能超过 ${MAX_CASE_BYTES / 1024 / 1024} MB`);
    }
    const uploadedAt = clockNow();
    for (const file of checked) {
      await repo.insertMaterial(trx, {
        id: file.id,
        case_id: current.id,
        name: file.name,
        original_name: file.originalName,
        content_type: file.contentType,
        size_bytes: file.content.length,
        sm3: crypto.createHash('sm3').update(file.content).digest(),
        uploaded_by: actor.id,
        uploaded_at: uploadedAt,
        verdict_note: null,
        checked_by: null,
      });
      await writeAudit(trx, {
        actorId: actor.id,
        action: 'material.upload',
        targetType: 'case_material',
        targetId: file.id,
        detail: { caseId: current.id, name: file.name, contentType: file.contentType, sizeBytes: file.content.length },
      });
    }
    // The rows commit only if every file is safely on disk.
    for (const file of checked) await options.store.write(file.id, file.content);
    return checked.map((file) => ({ id: file.id, name: file.name, originalName: file.originalName }));
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
