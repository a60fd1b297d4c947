import crypto from 'node:crypto';
import type { Database, Executor, Tx } from '../../db/database.js';
import type { LicenceField, LicenceLayout } from '../../db/schema.js';
import { forbidden, invalidState, notFound } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { canonicalJson } from '../../util/canonical-json.js';
import { signAsDepartment, type SealSigner } from '../seals/service.js';
import { sm3 } from '../seals/sm2.js';
import { renderLicenceFace } from './face-pdf.js';
import { buildIdentifier, parseIdentifier } from './identifier.js';
import * as repo from './repo.js';
import { now as clockNow } from '../../util/clock.js';

/** What issuing needs from the running platform. */
export interface LicenceDeps {
  signer: SealSigner;
  /** Base of the verification URL printed as the QR code. */
  publicUrl: string;
}

export const HOLDER_CODE_TYPES = { natural: '111', legal: '001' } as const;
const HOLDER_LABELS = {
  '111': { name: '持证人', code: '公民身份号码' },
  '001': { name: '名称', code: '统一社会信用代码' },
} as const;

export const verifyUrl = (publicUrl: string, identifier: string) => `${publicUrl}/verify?id=${identifier}`;

/** Adds whole years to a date, 'YYYY-MM-DD'; the day before the anniversary is the last valid day. */
export function validUntil(from: string, years: number | null): string | null {
  if (years === null) return null;
  const date = new Date(`${from}T00:00:00Z`);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/**
 * The exact bytes a seal signs for a licence's data (README: "What is signed"): canonical JSON
 * (keys sorted at every level, no whitespace, UTF-8) of the GB/T 36903 metadata and the fields.
 */
export function signedDataOf(licence: {
  identifier: string;
  typeName: string;
  typeCode: string;
  number: string;
  version: number;
  issuerName: string;
  issuerCode: string;
  issuedOn: string;
  holderName: string;
  holderCode: string;
  holderCodeType: string;
  validFrom: string;
  validTo: string | null;
  data: Record<string, string>;
  sealCode: string;
}): Buffer {
  return Buffer.from(
    canonicalJson({
      certificateIdentifier: licence.identifier,
      certificateName: licence.typeName,
      certificateTypeCode: licence.typeCode,
      certificateNumber: licence.number,
      certificateVersion: licence.version,
      certificateIssuingAuthorityName: licence.issuerName,
      certificateIssuingAuthorityCode: licence.issuerCode,
      certificateIssuedDate: licence.issuedOn,
      certificateHolderName: licence.holderName,
      certificateHolderCode: licence.holderCode,
      certificateHolderTypeCode: licence.holderCodeType,
      certificateEffectiveDate: licence.validFrom,
      certificateExpiringDate: licence.validTo ?? '长期',
      data: licence.data,
      sealCode: licence.sealCode,
    }),
    'utf8',
  );
}

interface NewVersion {
  type: { id: number; code: string; name: string; fields: LicenceField[]; layout: LicenceLayout; number_prefix: string };
  issuerDepartmentId: number;
  holder: { userId: number | null; name: string; code: string; codeType: '111' | '001' };
  data: Record<string, string>;
  validFrom: string;
  validTo: string | null;
  caseId: string | null;
  /** The version this one replaces (变更 / 延续); absent for a new licence. */
  previous?: repo.LicenceRow;
}

/** Writes one signed licence version: identifier, face PDF, both signatures. Caller holds the transaction. */
async function writeVersion(trx: Tx, deps: LicenceDeps, input: NewVersion): Promise<repo.LicenceRow> {
  const issuer = await trx.selectFrom('departments').select(['name', 'credit_code', 'region_code']).where('id', '=', input.issuerDepartmentId).executeTakeFirstOrThrow();
  const issuedOn = chinaDate();
  let serial: string;
  let number: string;
  let version = 1;
  if (input.previous) {
    // A new version keeps the licence's serial and number; only the version part moves.
    serial = parseIdentifier(input.previous.identifier)!.serial;
    number = input.previous.number;
    version = input.previous.version + 1;
  } else {
    const sequence = await repo.nextSerial(trx, input.issuerDepartmentId, issuedOn);
    serial = `${issuedOn.replaceAll('-', '')}${String(sequence).padStart(5, '0')}`;
    number = `${input.type.number_prefix}${issuer.region_code}${serial}`;
  }
  const identifier = buildIdentifier({ typeCode: input.type.code, issuerCode: issuer.credit_code, serial, version });
  // The seal is looked up first so the face shows the seal that signs it.
  const activeSeal = await trx
    .selectFrom('department_seals as s')
    .innerJoin('departments as d', 'd.id', 's.department_id')
    .select(['s.code', 's.name', 'd.name as department_name'])
    .where('s.department_id', '=', input.issuerDepartmentId)
    .where('s.status', '=', 'active')
    .executeTakeFirst();
  if (!activeSeal) throw invalidState('发证部门没有有效的电子印章，请先由管理员制章');
  const labels = HOLDER_LABELS[input.holder.codeType];
  const pdf = await renderLicenceFace({
    typeName: input.type.name,
    identifier,
    number,
    version,
    holderLabel: labels.name,
    holderName: input.holder.name,
    holderCodeLabel: labels.code,
    holderCode: input.holder.code,
    fields: input.type.fields.map((f) => ({ label: f.label, value: input.data[f.key] ?? '' })),
    validFrom: input.validFrom,
    validTo: input.validTo,
    issuedOn,
    issuerName: issuer.name,
    seal: { departmentName: activeSeal.department_name, name: activeSeal.name },
    layout: input.type.layout,
    verifyUrl: verifyUrl(deps.publicUrl, identifier),
  });
  const signedData = signedDataOf({
    identifier,
    typeName: input.type.name,
    typeCode: input.type.code,
    number,
    version,
    issuerName: issuer.name,
    issuerCode: issuer.credit_code,
    issuedOn,
    holderName: input.holder.name,
    holderCode: input.holder.code,
    holderCodeType: input.holder.codeType,
    validFrom: input.validFrom,
    validTo: input.validTo,
    data: input.data,
    sealCode: activeSeal.code,
  });
  const signed = await signAsDepartment(trx, deps.signer, input.issuerDepartmentId, [signedData, pdf]);
  const id = crypto.randomUUID();
  return trx
    .insertInto('licences')
    .values({
      id,
      identifier,
      number,
      version,
      root_id: input.previous?.root_id ?? id,
      previous_id: input.previous?.id ?? null,
      type_id: input.type.id,
      holder_user_id: input.holder.userId,
      holder_name: input.holder.name,
      holder_code: input.holder.code,
      holder_code_type: input.holder.codeType,
      issuer_department_id: input.issuerDepartmentId,
      case_id: input.caseId,
      data: JSON.stringify(input.data),
      issued_on: issuedOn,
      valid_from: input.validFrom,
      valid_to: input.validTo,
      seal_id: signed.seal.id,
      signed_at: signed.signedAt,
      signed_data: signedData,
      data_signature: signed.signatures[0]!,
      pdf,
      pdf_sm3: sm3(pdf),
      pdf_signature: signed.signatures[1]!,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The licence's data from the case form: each field of the type from its form field. */
function dataFromForm(fields: LicenceField[], form: Record<string, unknown>): Record<string, string> {
  const data: Record<string, string> = {};
  for (const field of fields) {
    // 'tradeName|entityName': the first of these form fields the item's form has.
    const value = field.formKey?.split('|').map((key) => form[key]).find((v) => v !== undefined && v !== null && v !== '');
    data[field.key] = value === undefined || value === null ? '' : String(value);
  }
  return data;
}

/** Who a licence is issued to. */
export interface LicenceHolder {
  /** The account whose wallet shows it (the applicant who applied). */
  userId: number | null;
  name: string;
  code: string;
  codeType: '111' | '001';
}

/**
 * Issues the licence of an approved case inside the caller's transaction, once (a second call
 * finds it issued): the type its item produces, issued by the organ the decision was made in.
 * @returns the licence, or null when the case is not approved or its item issues none
 */
async function issueForCaseIn(trx: Tx, deps: LicenceDeps, caseId: string, holderOf: (applicant: { id: number; name: string; code: string | null; kind: 'natural' | 'legal' | null }) => LicenceHolder | null, form?: Record<string, unknown>) {
  const current = await trx
    .selectFrom('cases')
    .innerJoin('users as a', 'a.id', 'cases.applicant_id')
    .select(['cases.id', 'cases.item_id', 'cases.department_id', 'cases.form_data', 'cases.status', 'cases.joint_application_id', 'a.id as applicant_id', 'a.display_name', 'a.identity_number', 'a.applicant_kind'])
    .where('cases.id', '=', caseId)
    .forUpdate('cases')
    .executeTakeFirst();
  if (!current || !['approved', 'completed'].includes(current.status)) return null;
  const type = await repo.typeForItem(trx, current.item_id);
  if (!type) return null;
  const existing = await trx.selectFrom('licences').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  if (existing) return existing;
  const holder = holderOf({ id: current.applicant_id, name: current.display_name, code: current.identity_number, kind: current.applicant_kind });
  if (!holder) return null;
  // The organ the decision was made in issues the licence (a 行政审批局 where powers are concentrated).
  const decided = await trx
    .selectFrom('case_events')
    .select('data')
    .where('case_id', '=', caseId)
    .where('action', 'in', ['approve', 'decide_on_spot'])
    .orderBy('seq', 'desc')
    .executeTakeFirst();
  const organ = decided?.data.decisionDepartmentId;
  const validFrom = chinaDate();
  const licence = await writeVersion(trx, deps, {
    type,
    issuerDepartmentId: typeof organ === 'number' ? organ : current.department_id,
    holder,
    // The child's own form first; the joint application's one form fills what it lacks.
    data: dataFromForm(type.fields, form ? { ...form, ...current.form_data } : current.form_data),
    validFrom,
    validTo: validUntil(validFrom, type.validity_years),
    caseId,
  });
  await repo.insertEvent(trx, { licenceId: licence.id, actorId: null, action: 'issued', detail: { caseId, identifier: licence.identifier } });
  await writeAudit(trx, { actorId: null, action: 'licence.issue', targetType: 'licence', targetId: licence.id, detail: { caseId, identifier: licence.identifier } });
  return licence;
}

/**
 * 发证: when a case whose item produces a licence is approved, the licence is created from the case
 * (holder = the applicant, issuer = the deciding organ), rendered, sealed and put in the holder's
 * wallet. Runs once per case: a second call finds the licence already there. A joint
 * application's child waits for 统一出件 (issueJointLicenceIn), which knows the holder.
 * @returns the licence, or null when the item issues none
 */
export async function issueFromCase(db: Database, deps: LicenceDeps, caseId: string): Promise<repo.LicenceRow | null> {
  const child = await db.selectFrom('cases').select('joint_application_id').where('id', '=', caseId).executeTakeFirst();
  if (!child || child.joint_application_id !== null) return null;
  return db.transaction().execute((trx) =>
    issueForCaseIn(trx, deps, caseId, (applicant) =>
      applicant.code ? { userId: applicant.id, name: applicant.name, code: applicant.code, codeType: HOLDER_CODE_TYPES[applicant.kind ?? 'natural'] } : null,
    ),
  );
}

/**
 * 统一出件 of a joint application (多证合一): the child's licence is issued inside the joint
 * application's issuing transaction to the holder it names — for 企业开办 the new enterprise with
 * its 统一社会信用代码, in the wallet of the applicant who applied — from the one form (一表通)
 * merged over the child's own form.
 */
export function issueJointLicenceIn(trx: Tx, deps: LicenceDeps, input: { caseId: string; holder: LicenceHolder | 'applicant'; form: Record<string, unknown> }) {
  return issueForCaseIn(
    trx,
    deps,
    input.caseId,
    (applicant) =>
      input.holder !== 'applicant'
        ? input.holder
        : applicant.code
          ? { userId: applicant.id, name: applicant.name, code: applicant.code, codeType: HOLDER_CODE_TYPES[applicant.kind ?? 'natural'] }
          : null,
    input.form,
  );
}

/** Issues a licence without a case (demo history, data migrated from an older system). */
export async function issueDirect(
  db: Database,
  deps: LicenceDeps,
  input: { typeId: number; holderUserId: number; data: Record<string, string>; validFrom: string },
): Promise<repo.LicenceRow> {
  return db.transaction().execute(async (trx) => {
    const type = await trx.selectFrom('licence_types').selectAll().where('id', '=', input.typeId).executeTakeFirstOrThrow();
    const holder = await trx.selectFrom('users').select(['id', 'display_name', 'identity_number', 'applicant_kind']).where('id', '=', input.holderUserId).executeTakeFirstOrThrow();
    const licence = await writeVersion(trx, deps, {
      type,
      issuerDepartmentId: type.department_id,
      holder: { userId: holder.id, name: holder.display_name, code: holder.identity_number!, codeType: HOLDER_CODE_TYPES[holder.applicant_kind ?? 'natural'] },
      data: input.data,
      validFrom: input.validFrom,
      validTo: validUntil(input.validFrom, type.validity_years),
      caseId: null,
    });
    await repo.insertEvent(trx, { licenceId: licence.id, actorId: null, action: 'issued', detail: { identifier: licence.identifier } });
    return licence;
  });
}

export type LifecycleAction = 'change' | 'renew' | 'suspend' | 'resume' | 'cancel' | 'revoke';

/** Which states each step starts from, and the wrong-state message beside it. */
const LIFECYCLE: Record<LifecycleAction, { from: string[]; wrongState: string; to?: 'suspended' | 'cancelled' | 'revoked' | 'valid' }> = {
  change: { from: ['valid'], wrongState: '只有有效的证照可以变更' },
  renew: { from: ['valid'], wrongState: '只有有效的证照可以延续' },
  suspend: { from: ['valid'], wrongState: '只有有效的证照可以中止', to: 'suspended' },
  resume: { from: ['suspended'], wrongState: '只有已中止的证照可以恢复', to: 'valid' },
  cancel: { from: ['valid', 'suspended'], wrongState: '该证照已失效，不能注销', to: 'cancelled' },
  revoke: { from: ['valid', 'suspended'], wrongState: '该证照已失效，不能吊销', to: 'revoked' },
};

/** Who may act on a licence: the issuing department's reviewers and their centre's administrator. */
async function lockManaged(trx: Executor, actor: Actor, licenceId: string): Promise<repo.LicenceView> {
  const licence = await repo.licenceQuery(trx).where('l.id', '=', licenceId).forUpdate('l').executeTakeFirst();
  const mine =
    licence &&
    ((actor.role === 'reviewer' && actor.departmentId === licence.issuer_department_id) || (actor.role === 'admin' && actor.centreId === licence.issuer_centre_id));
  if (!licence || !mine) {
    if (actor.role !== 'reviewer' && actor.role !== 'admin') throw forbidden('只有发证部门或中心管理员可以管理证照');
    throw notFound('证照');
  }
  return licence;
}

/**
 * 变更 / 延续 make a new signed version (the old one superseded); 中止, 恢复, 注销, 吊销 change the
 * status. Each is one transaction with its history row and audit row.
 */
export async function changeLicenceLife(
  db: Database,
  deps: LicenceDeps,
  options: { actor: Actor; licenceId: string; action: LifecycleAction; reason: string; data?: Record<string, string>; validTo?: string | null },
): Promise<repo.LicenceRow> {
  const rule = LIFECYCLE[options.action];
  return db.transaction().execute(async (trx) => {
    const current = await lockManaged(trx, options.actor, options.licenceId);
    if (!rule.from.includes(current.status)) throw invalidState(rule.wrongState);
    let result: repo.LicenceRow;
    if (options.action === 'change' || options.action === 'renew') {
      const type = await trx.selectFrom('licence_types').selectAll().where('id', '=', current.type_id).executeTakeFirstOrThrow();
      const data = options.action === 'change' ? { ...current.data, ...pickFields(type.fields, options.data ?? {}) } : current.data;
      const today = chinaDate();
      const validTo =
        options.action === 'renew'
          ? options.validTo !== undefined
            ? options.validTo
            : validUntil(current.valid_to && current.valid_to >= today ? addDays(current.valid_to, 1) : today, type.validity_years)
          : current.valid_to;
      await trx.updateTable('licences').set({ status: 'superseded', status_reason: options.reason, status_changed_at: clockNow() }).where('id', '=', current.id).execute();
      result = await writeVersion(trx, deps, {
        type,
        issuerDepartmentId: current.issuer_department_id,
        holder: { userId: current.holder_user_id, name: current.holder_name, code: current.holder_code, codeType: current.holder_code_type },
        data,
        validFrom: current.valid_from,
        validTo,
        caseId: current.case_id,
        previous: current,
      });
      await repo.insertEvent(trx, { licenceId: current.id, actorId: options.actor.id, action: 'superseded', reason: options.reason, detail: { by: result.identifier } });
      await repo.insertEvent(trx, { licenceId: result.id, actorId: options.actor.id, action: options.action === 'change' ? 'changed' : 'renewed', reason: options.reason, detail: { identifier: result.identifier, previous: current.identifier, validTo } });
    } else {
      result = await trx
        .updateTable('licences')
        .set({ status: rule.to!, status_reason: options.reason, status_changed_at: clockNow() })
        .where('id', '=', current.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const done = { suspend: 'suspended', resume: 'resumed', cancel: 'cancelled', revoke: 'revoked' }[options.action];
      await repo.insertEvent(trx, { licenceId: current.id, actorId: options.actor.id, action: done, reason: options.reason });
    }
    await writeAudit(trx, { actorId: options.actor.id, action: `licence.${options.action}`, targetType: 'licence', targetId: result.id, detail: { reason: options.reason, identifier: result.identifier } });
    return result;
  });
}

function pickFields(fields: LicenceField[], data: Record<string, string>): Record<string, string> {
  const known = new Set(fields.map((f) => f.key));
  return Object.fromEntries(Object.entries(data).filter(([key]) => known.has(key)));
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
