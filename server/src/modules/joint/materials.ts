import crypto from 'node:crypto';
import type { Database, Executor } from '../../db/database.js';
import { AppError, forbidden, invalidState, notFound } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { assertAuthorised, recordAgentStep } from '../agency/service.js';
import { cleanOriginalName, inspectFile } from '../materials/detect.js';
import { attachStoredMaterial, MAX_CASE_BYTES } from '../materials/service.js';
import type { FileStore } from '../materials/storage.js';
import { now as clockNow } from '../../util/clock.js';
import { combinedMaterials, type BundleMember } from './bundle-form.js';
import * as repo from './repo.js';

/**
 * 材料一次提交: the applicant (or their agent, or the window scanning papers) uploads each
 * material of the combined list once for the whole joint application. Before acceptance it waits
 * here; at acceptance it is attached to every child case whose item lists it. During a merged
 * correction after acceptance, a new upload goes at once to every undecided child that needs it.
 */
export async function uploadJointMaterial(options: {
  db: Database;
  store: FileStore;
  actor: Actor;
  id: string;
  name: string;
  originalName: string | undefined;
  content: Buffer;
}): Promise<{ id: string; attachedTo: string[] }> {
  const { db, actor, content } = options;
  if (actor.role !== 'applicant' && actor.role !== 'agent' && actor.role !== 'clerk') throw forbidden('只有申请人、代办员或窗口人员可以上传材料');
  const inspected = inspectFile(content);
  if ('reason' in inspected) throw new AppError('UNSUPPORTED_MEDIA_TYPE', inspected.reason);
  const contentType = inspected.contentType;
  const materialId = crypto.randomUUID();
  return db.transaction().execute(async (trx) => {
    const row = await repo.lockVisibleJoint(trx, options.id, actor);
    if (!row) throw notFound('联办件');
    const beforeAcceptance = row.status === 'submitted' || row.status === 'correction_required';
    const correcting = row.status === 'accepted' && row.correction !== null && actor.role !== 'clerk';
    if (!beforeAcceptance && !correcting) throw invalidState('当前联办件状态不能再上传材料（受理后仅在补正期间可补交）');
    const authorisationId = actor.role === 'agent' ? (await assertAuthorised(trx, actor.id, row.applicant_id, correcting ? 'correct' : 'apply')).id : null;

    const members = await selectedMembers(trx, row.bundle_id, row.item_ids);
    const listed = combinedMaterials(members).find((m) => m.name === options.name);
    if (!listed) throw new AppError('VALIDATION_FAILED', `「${options.name}」不在本联办事项的材料清单中`, [{ field: 'body.name', message: '请选择清单中的材料' }]);
    if ((await repo.jointMaterialBytes(trx, row.id)) + content.length > MAX_CASE_BYTES) {
      throw new AppError('PAYLOAD_TOO_LARGE', `每个联办件的材料合计不能超过 ${MAX_CASE_BYTES / 1024 / 1024} MB`);
    }
    const material = {
      id: materialId,
      joint_application_id: row.id,
      name: options.name,
      original_name: cleanOriginalName(options.originalName),
      content_type: contentType,
      size_bytes: content.length,
      sm3: crypto.createHash('sm3').update(content).digest(),
      uploaded_by: actor.id,
      uploaded_at: clockNow(),
    };
    await trx.insertInto('joint_materials').values(material).execute();
    await options.store.write(materialId, content);

    const attachedTo: string[] = [];
    if (correcting) {
      const children = await repo.childCases(trx, [row.id]);
      const needing = new Set(members.filter((m) => m.materials.some((x) => x.name === options.name)).map((m) => m.itemId));
      for (const child of children.filter((c) => c.status === 'accepted' && needing.has(c.item_id))) {
        await attachOne(trx, options.store, child.id, material);
        attachedTo.push(child.number);
      }
    }
    await repo.writeJointEvent(trx, {
      jointId: row.id,
      actor,
      action: 'upload_material',
      note: options.name,
      data: { materialId, itemNames: listed.itemNames, attachedTo },
      onBehalfOf: authorisationId !== null ? row.applicant_id : null,
    });
    if (authorisationId !== null) {
      await recordAgentStep(trx, {
        authorisationId,
        agentId: actor.id,
        applicantId: row.applicant_id,
        action: 'upload_material',
        what: `为联办件 ${row.number} 上传材料「${options.name}」`,
        jointApplicationId: row.id,
      });
    }
    return { id: materialId, attachedTo };
  });
}

async function selectedMembers(db: Executor, bundleId: number, itemIds: number[]): Promise<BundleMember[]> {
  const members = (await repo.bundleMembers(db, [bundleId])).get(bundleId) ?? [];
  return members.filter((m) => itemIds.includes(m.itemId));
}

type StoredJointMaterial = { id: string; name: string; original_name: string; content_type: Parameters<typeof attachStoredMaterial>[2]['contentType']; size_bytes: number; sm3: Buffer; uploaded_by: number };

function attachOne(trx: Executor, store: FileStore, caseId: string, m: StoredJointMaterial) {
  return attachStoredMaterial(trx, store, {
    caseId,
    sourceFileId: m.id,
    jointMaterialId: m.id,
    name: m.name,
    originalName: m.original_name,
    contentType: m.content_type,
    sizeBytes: m.size_bytes,
    sm3: m.sm3,
    uploadedBy: m.uploaded_by,
  });
}

/**
 * At acceptance: every shared upload goes to every new child case whose item lists that material
 * (抄告相关 carries the papers too). Returns, per material name, the case numbers it reached.
 */
export async function attachJointMaterials(
  trx: Executor,
  store: FileStore | undefined,
  options: { jointId: string; children: { caseId: string; number: string; member: BundleMember }[] },
): Promise<Record<string, string[]>> {
  const uploads = await trx.selectFrom('joint_materials').selectAll().where('joint_application_id', '=', options.jointId).orderBy('uploaded_at').execute();
  if (!uploads.length) return {};
  // Uploads exist only through the routes, which always pass the store; a caller without one is a bug.
  if (!store) throw new Error('attachJointMaterials: a file store is required when materials were uploaded');
  const reached: Record<string, string[]> = {};
  for (const upload of uploads) {
    for (const child of options.children) {
      if (!child.member.materials.some((m) => m.name === upload.name)) continue;
      await attachOne(trx, store, child.caseId, upload);
      (reached[upload.name] ??= []).push(child.number);
    }
  }
  return reached;
}

/** The uploads of one joint application with how many child cases each reached. */
export function listJointMaterials(db: Executor, jointId: string) {
  return db
    .selectFrom('joint_materials')
    .select((eb) => [
      'joint_materials.id',
      'joint_materials.name',
      'joint_materials.original_name',
      'joint_materials.content_type',
      'joint_materials.size_bytes',
      'joint_materials.uploaded_at',
      eb.selectFrom('case_materials').select((e) => e.fn.countAll<number>().as('n')).whereRef('case_materials.joint_material_id', '=', 'joint_materials.id').as('case_count'),
    ])
    .where('joint_materials.joint_application_id', '=', jointId)
    .orderBy('joint_materials.uploaded_at')
    .execute();
}

/** Download of one shared upload by whoever may see the joint application (audited, as case files are). */
export async function readJointMaterial(options: { db: Database; store: FileStore; actor: Actor; id: string; materialId: string }) {
  if (!['applicant', 'agent', 'clerk'].includes(options.actor.role)) throw notFound('材料');
  const row = await repo.findVisibleJoint(options.db, options.id, options.actor);
  if (!row) throw notFound('材料');
  const material = await options.db
    .selectFrom('joint_materials')
    .select(['id', 'name', 'content_type'])
    .where('id', '=', options.materialId)
    .where('joint_application_id', '=', row.id)
    .executeTakeFirst();
  if (!material) throw notFound('材料');
  await writeAudit(options.db, { actorId: options.actor.id, action: 'material.read', targetType: 'joint_material', targetId: material.id });
  return { ...material, content: await options.store.read(material.id) };
}
