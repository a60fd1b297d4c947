import crypto from 'node:crypto';
import type { Database, Executor } from '../../db/database.js';
import type { ItemMaterial, MaterialContentType } from '../../db/schema.js';
import { listedMaterialsOf } from '../cases/checklist-repo.js';
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
  /** The listed material (M01 …) the file answers, as given before the file. */
  materialId?: string;
  /** The material's name, for items that list no materials (营业执照 …), as given before the file. */
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
  materialId?: string;
  name: string;
  originalName: string | undefined;
  content: Buffer;
}): Promise<{ id: string }> {
  const [stored] = await uploadMaterials({ ...options, files: [{ materialId: options.materialId, name: options.name, originalName: options.originalName, content: options.content }] });
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
}): Promise<{ id: string; materialId: string | null; name: string; originalName: string }[]> {
  const { db, actor, files } = options;
  // A village agent scans the villager's papers in, as the applicant would upload them.
  if (actor.role !== 'applicant' && actor.role !== 'clerk' && actor.role !== 'agent') throw forbidden('只有申请人、代办员或窗口人员可以上传材料');
  const checked = checkFiles(files);
  const total = checked.reduce((sum, file) => sum + file.content.length, 0);
  return db.transaction().execute(async (trx) => {
    const current = await lockVisibleCase(trx, options.caseId, actor);
    if (!current) throw notFound('办件');
    const listed = attachToList(await listedMaterialsOf(trx, current), checked);
    const open = actor.role === 'clerk' ? ['submitted'] : ['submitted', 'correction_required'];
    if (!open.includes(current.status)) {
      // 容缺: a material promised for after acceptance arrives on the running case.
      const late = ['accepted', 'approved', 'denied'].includes(current.status) && listed.every((f) => f.materialId !== null) && (await allDeferred(trx, current.id, listed.map((f) => f.materialId!)));
      if (!late) throw invalidState('当前办件状态不能再上传材料');
    }
    if ((await repo.totalBytes(trx, current.id)) + total > MAX_CASE_BYTES) {
      throw new AppError('PAYLOAD_TOO_LARGE', `每个办件的材料合计不能超过 ${MAX_CASE_BYTES / 1024 / 1024} MB`);
    }
    const uploadedAt = clockNow();
    for (const file of listed) {
      await repo.insertMaterial(trx, {
        id: file.id,
        case_id: current.id,
        item_material_id: file.materialId,
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
        detail: { caseId: current.id, materialId: file.materialId, name: file.name, contentType: file.contentType, sizeBytes: file.content.length },
      });
    }
    // The rows commit only if every file is safely on disk.
    for (const file of listed) await options.store.write(file.id, file.content);
    return listed.map((file) => ({ id: file.id, materialId: file.materialId, name: file.name, originalName: file.originalName }));
  });
}

type CheckedFile = ReturnType<typeof checkFiles>[number];

/** Every file checked by content before anything is stored; one bad file refuses the request, named. */
function checkFiles(files: UploadedFile[]) {
  if (files.length === 0) throw new AppError('VALIDATION_FAILED', '请选择文件', [{ field: 'body.file', message: '请选择文件' }]);
  if (files.length > MAX_FILES_PER_REQUEST) throw new AppError('PAYLOAD_TOO_LARGE', `一次最多上传 ${MAX_FILES_PER_REQUEST} 个文件`);
  return files.map((file, index) => {
    const originalName = cleanOriginalName(file.originalName);
    const name = cleanDisplayName(file.name).slice(0, 100);
    const inspected = inspectFile(file.content);
    if ('reason' in inspected) {
      const message = files.length > 1 ? `第 ${index + 1} 个文件「${originalName}」：${inspected.reason}` : inspected.reason;
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', message, [{ field: `body.file[${index}]`, message: inspected.reason }]);
    }
    return { id: crypto.randomUUID(), index, materialId: file.materialId, name, originalName, contentType: inspected.contentType, content: file.content };
  });
}

/**
 * Ties each file to the item's list: where the item lists materials, every file names one of
 * them (M01 …) and is stored under its name; an item that lists none takes a name per file.
 */
function attachToList(list: readonly ItemMaterial[], files: CheckedFile[]): (Omit<CheckedFile, 'materialId'> & { materialId: string | null })[] {
  return files.map((file) => {
    if (list.length === 0) {
      if (!file.name) throw new AppError('VALIDATION_FAILED', '请填写材料名称', [{ field: `body.name[${file.index}]`, message: '请填写材料名称' }]);
      return { ...file, materialId: null };
    }
    const material = list.find((m) => m.id === file.materialId);
    if (!material) {
      const message = file.materialId ? `事项的材料清单中没有 ${file.materialId}` : '请选择文件对应的申请材料';
      throw new AppError('VALIDATION_FAILED', message, [{ field: `body.materialId[${file.index}]`, message }]);
    }
    return { ...file, materialId: material.id, name: material.name };
  });
}

async function allDeferred(trx: Executor, caseId: string, materialIds: string[]): Promise<boolean> {
  const open = await trx.selectFrom('case_deferred_materials').select('material_id').where('case_id', '=', caseId).where('closed_at', 'is', null).where('material_id', 'in', materialIds).execute();
  return new Set(open.map((o) => o.material_id)).size === new Set(materialIds).size;
}

/**
 * 预上传: the applicant uploads files for an item's materials before submitting, so the
 * application arrives with them (submitApplication attaches them and refuses a submission that
 * lacks a required one). Same checks as any upload; the files stay the uploader's own.
 */
export async function stageMaterials(options: { db: Database; store: FileStore; actor: Actor; itemId: number; files: UploadedFile[] }) {
  const { db, actor } = options;
  if (actor.role !== 'applicant') throw forbidden('只有申请人可以预先上传申请材料');
  const checked = checkFiles(options.files);
  const item = await db.selectFrom('service_items').select(['id', 'materials']).where('id', '=', options.itemId).where('status', '=', 'published').executeTakeFirst();
  if (!item) throw notFound('事项');
  if (item.materials.length === 0) throw invalidState('该事项未列出申请材料，请提交申请后再上传');
  const listed = attachToList(item.materials, checked);
  return db.transaction().execute(async (trx) => {
    for (const file of listed) {
      await trx
        .insertInto('staged_materials')
        .values({
          id: file.id,
          owner_id: actor.id,
          item_id: item.id,
          item_material_id: file.materialId!,
          name: file.name,
          original_name: file.originalName,
          content_type: file.contentType,
          size_bytes: file.content.length,
          sm3: crypto.createHash('sm3').update(file.content).digest(),
        })
        .execute();
      await writeAudit(trx, { actorId: actor.id, action: 'material.stage', targetType: 'staged_material', targetId: file.id, detail: { itemId: item.id, materialId: file.materialId, contentType: file.contentType, sizeBytes: file.content.length } });
    }
    for (const file of listed) await options.store.write(file.id, file.content);
    return listed.map((file) => ({ id: file.id, materialId: file.materialId!, name: file.name, originalName: file.originalName }));
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
