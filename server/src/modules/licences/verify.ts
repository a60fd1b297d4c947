import type { Executor } from '../../db/database.js';
import { chinaDate } from '../../util/china-time.js';
import { canonicalJson } from '../../util/canonical-json.js';
import { maskIdentityNumber, maskName } from '../../util/mask.js';
import { judgeSignature, type SealVerdict } from '../seals/service.js';
import { sm3 } from '../seals/sm2.js';
import { PDF_IDENTIFIER_KEY } from './face-pdf.js';
import { parseIdentifier } from './identifier.js';
import * as repo from './repo.js';
import { findDocumentByDigest, findDocumentById, type CaseDocumentView } from '../cases/documents-repo.js';
import { PDF_DOCUMENT_KEY } from '../../documents/notice-pdf.js';
import type { TPublicDocument as PublicDocument } from './schema.js';

/** 验真结论. */
export type Verdict = 'genuine' | 'altered' | 'revoked' | 'cancelled' | 'suspended' | 'superseded' | 'expired' | 'not_found';

export const VERDICT_TEXT: Record<Verdict, string> = {
  genuine: '真实有效',
  altered: '已被篡改（与签发内容不一致或签名无效）',
  revoked: '已吊销',
  cancelled: '已注销',
  suspended: '已中止',
  superseded: '已被新版本取代',
  expired: '已过有效期',
  not_found: '未找到该证照',
};

/** The status a licence has today: a valid licence past its last day is expired. */
export function effectiveStatus(licence: Pick<repo.LicenceRow, 'status' | 'valid_to'>, today = chinaDate()): repo.LicenceRow['status'] | 'expired' {
  if (licence.status === 'valid' && licence.valid_to && licence.valid_to < today) return 'expired';
  return licence.status;
}

/** What the public sees of a licence: issuer, dates, status; the holder masked. */
export function publicView(licence: repo.LicenceView) {
  return {
    identifier: licence.identifier,
    number: licence.number,
    version: licence.version,
    typeName: licence.type_name,
    typeCode: licence.type_code,
    issuerName: licence.issuer_name,
    issuerCode: licence.issuer_code,
    issuedOn: licence.issued_on,
    validFrom: licence.valid_from,
    validTo: licence.valid_to,
    status: effectiveStatus(licence),
    statusChangedAt: licence.status_changed_at?.toISOString() ?? null,
    // An enterprise's name is public on its licence; a person's is not.
    holderName: licence.holder_code_type === '001' ? licence.holder_name : maskName(licence.holder_name)!,
    holderCode: maskIdentityNumber(licence.holder_code)!,
    seal: { id: licence.seal_id, code: licence.seal_code, name: licence.seal_name, status: licence.seal_status },
    signedAt: licence.signed_at.toISOString(),
    pdfSm3: licence.pdf_sm3.toString('hex'),
    pdfSignature: licence.pdf_signature.toString('hex'),
    dataSignature: licence.data_signature.toString('hex'),
  };
}
export type PublicLicence = ReturnType<typeof publicView>;

export interface VerificationResult {
  verdict: Verdict;
  message: string;
  sealVerdict: SealVerdict | null;
  licence: PublicLicence | null;
  document: PublicDocument | null;
}

/** Status → verdict once the bytes and the signature are known to be right. */
function statusVerdict(licence: repo.LicenceView): Verdict {
  const status = effectiveStatus(licence);
  return status === 'valid' ? 'genuine' : status;
}

function result(verdict: Verdict, licence: repo.LicenceView | undefined, sealVerdict: SealVerdict | null): VerificationResult {
  return { verdict, message: VERDICT_TEXT[verdict], sealVerdict, licence: licence ? publicView(licence) : null, document: null };
}

/**
 * The columns every answer is built from must say what the seal signed: a row changed in the
 * database (a moved expiry date, another holder) is as altered as a changed file.
 */
function rowMatchesSignedData(licence: repo.LicenceView): boolean {
  let signed: Record<string, unknown>;
  try {
    signed = JSON.parse(licence.signed_data.toString('utf8')) as Record<string, unknown>;
  } catch {
    return false;
  }
  return (
    signed.certificateIdentifier === licence.identifier &&
    signed.certificateNumber === licence.number &&
    signed.certificateVersion === licence.version &&
    signed.certificateHolderCode === licence.holder_code &&
    signed.certificateHolderName === licence.holder_name &&
    signed.certificateIssuedDate === licence.issued_on &&
    signed.certificateEffectiveDate === licence.valid_from &&
    signed.certificateExpiringDate === (licence.valid_to ?? '长期') &&
    signed.sealCode === licence.seal_code &&
    canonicalJson(signed.data) === canonicalJson(licence.data)
  );
}

/** Checks a stored licence's own signatures (a row edited in the database is caught here too). */
function judgeStored(licence: repo.LicenceView): VerificationResult {
  if (!rowMatchesSignedData(licence)) return result('altered', licence, 'invalid');
  const seal = { public_key: licence.seal_public_key, status: licence.seal_status, revoked_at: licence.seal_revoked_at, valid_from: licence.seal_valid_from, valid_to: licence.seal_valid_to };
  const dataVerdict = judgeSignature(seal, licence.signed_data, licence.data_signature, licence.signed_at);
  const pdfVerdict = judgeSignature(seal, licence.pdf, licence.pdf_signature, licence.signed_at);
  const bad = [dataVerdict, pdfVerdict].find((v) => v === 'invalid' || v === 'revoked_before_signing');
  if (bad || !sm3(licence.pdf).equals(licence.pdf_sm3)) return result('altered', licence, bad ?? 'invalid');
  return result(statusVerdict(licence), licence, dataVerdict);
}

/** 扫码 or 输入编号: by 电子证照标识 or 证照编号 (the newest version answers for a number). */
export async function verifyByReference(db: Executor, reference: string): Promise<VerificationResult> {
  const text = reference.trim().toUpperCase();
  const licence = parseIdentifier(text) ? await repo.findByIdentifier(db, text) : await repo.findLatestByNumber(db, text);
  if (!licence) return result('not_found', undefined, null);
  return judgeStored(licence);
}

/** The identifier a PDF face carries in its information dictionary, even when other bytes changed. */
export function identifierInPdf(pdf: Buffer): string | null {
  const text = pdf.toString('latin1');
  const direct = new RegExp(`/${PDF_IDENTIFIER_KEY}\\s*\\(([0-9A-Z]{55})\\)`).exec(text);
  if (direct) return direct[1]!;
  // pdfkit writes the value as an indirect object: "/LicenceIdentifier 19 0 R" … "19 0 obj (…)".
  const reference = new RegExp(`/${PDF_IDENTIFIER_KEY}\\s+(\\d+) 0 R`).exec(text);
  if (!reference) return null;
  const object = new RegExp(`(?:^|\\n)${reference[1]} 0 obj\\s*\\(([0-9A-Z]{55})\\)`).exec(text);
  return object ? object[1]! : null;
}

/** What the public sees of a sealed notice or decision: organ, 文号, dates, seal; never the applicant. */
export function publicDocumentView(doc: CaseDocumentView): PublicDocument {
  return {
    id: doc.id,
    kind: doc.kind,
    title: doc.title,
    number: doc.number,
    caseNumber: doc.case_number,
    itemName: doc.item_name,
    issuerName: doc.issuer_name,
    issuerCode: doc.issuer_code,
    issuedOn: doc.issued_on,
    seal: { id: doc.seal_id, code: doc.seal_code, name: doc.seal_name, status: doc.seal_status },
    signedAt: doc.signed_at.toISOString(),
    pdfSm3: doc.pdf_sm3.toString('hex'),
    pdfSignature: doc.pdf_signature.toString('hex'),
    dataSignature: doc.data_signature.toString('hex'),
  };
}

const DOCUMENT_TEXT: Partial<Record<Verdict, string>> = {
  genuine: '文书真实：与决定机关签发并加盖电子印章的原件一致',
  altered: '文书已被篡改（与签发原件不一致或签名无效）',
};

function documentResult(verdict: 'genuine' | 'altered', doc: CaseDocumentView, sealVerdict: SealVerdict): VerificationResult {
  return { verdict, message: DOCUMENT_TEXT[verdict]!, sealVerdict, licence: null, document: publicDocumentView(doc) };
}

/**
 * A stored notice's own signatures, and its row against what was signed: a 文号 or organ changed
 * in the database is as altered as a changed file. A seal retired or revoked after signing still
 * vouches for it ("valid at signing time").
 */
function judgeDocument(doc: CaseDocumentView): VerificationResult {
  let signed: Record<string, unknown> = {};
  try {
    signed = JSON.parse(doc.signed_data.toString('utf8')) as Record<string, unknown>;
  } catch {
    return documentResult('altered', doc, 'invalid');
  }
  const rowMatches = signed.documentId === doc.id && signed.documentNumber === doc.number && signed.issuerName === doc.issuer_name && signed.issuedDate === doc.issued_on && signed.sealCode === doc.seal_code;
  if (!rowMatches || !sm3(doc.pdf).equals(doc.pdf_sm3)) return documentResult('altered', doc, 'invalid');
  const seal = { public_key: doc.seal_public_key, status: doc.seal_status, revoked_at: doc.seal_revoked_at, valid_from: doc.seal_valid_from, valid_to: doc.seal_valid_to };
  const dataVerdict = judgeSignature(seal, doc.signed_data, doc.data_signature, doc.signed_at);
  const pdfVerdict = judgeSignature(seal, doc.pdf, doc.pdf_signature, doc.signed_at);
  const bad = [dataVerdict, pdfVerdict].find((v) => v === 'invalid' || v === 'revoked_before_signing');
  return bad ? documentResult('altered', doc, bad) : documentResult('genuine', doc, pdfVerdict);
}

/** The document id a notice PDF carries in its information dictionary (pdfkit writes it indirectly). */
export function documentIdInPdf(pdf: Buffer): string | null {
  const text = pdf.toString('latin1');
  const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
  const direct = new RegExp(`/${PDF_DOCUMENT_KEY}\\s*\\((${uuid})\\)`).exec(text);
  if (direct) return direct[1]!;
  const reference = new RegExp(`/${PDF_DOCUMENT_KEY}\\s+(\\d+) 0 R`).exec(text);
  if (!reference) return null;
  const object = new RegExp(`(?:^|\\n)${reference[1]} 0 obj\\s*\\((${uuid})\\)`).exec(text);
  return object ? object[1]! : null;
}

/**
 * 上传验真: the file is genuine only if it is byte for byte a file that was signed — a licence face
 * or a sealed notice or decision. A file that names a licence or a notice but differs from it is altered.
 */
export async function verifyPdf(db: Executor, pdf: Buffer): Promise<VerificationResult> {
  const digest = sm3(pdf);
  const exact = await repo.findByPdfDigest(db, digest);
  if (exact) return judgeStored(exact);
  const exactDocument = await findDocumentByDigest(db, digest);
  if (exactDocument) return judgeDocument(exactDocument);
  const claimed = identifierInPdf(pdf);
  const licence = claimed ? await repo.findByIdentifier(db, claimed) : undefined;
  if (licence) return result('altered', licence, 'invalid');
  const claimedDocument = documentIdInPdf(pdf);
  const document = claimedDocument ? await findDocumentById(db, claimedDocument) : undefined;
  if (document) return documentResult('altered', document, 'invalid');
  return result('not_found', undefined, null);
}

/**
 * Checks signed data as the holder downloaded it (`signedData`, the exact UTF-8 text): altered
 * unless it is byte for byte what the seal signed.
 */
export async function verifySignedData(db: Executor, signedData: string): Promise<VerificationResult> {
  let identifier: unknown;
  try {
    identifier = (JSON.parse(signedData) as Record<string, unknown>).certificateIdentifier;
  } catch {
    return result('not_found', undefined, null);
  }
  const licence = typeof identifier === 'string' ? await repo.findByIdentifier(db, identifier) : undefined;
  if (!licence) return result('not_found', undefined, null);
  if (!Buffer.from(signedData, 'utf8').equals(licence.signed_data)) return result('altered', licence, 'invalid');
  return judgeStored(licence);
}
