import { z } from 'zod';

export const ZLicenceField = z.object({
  key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/),
  label: z.string().trim().min(1).max(40),
  formKey: z.string().regex(/^[a-zA-Z0-9_|]{1,80}$/).optional().meta({ description: 'form field key; several separated by | take the first present' }),
});

export const ZLicenceLayout = z.object({
  orientation: z.enum(['portrait', 'landscape']),
  accent: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  footnote: z.string().max(200).optional(),
});

/** 证照类型 as the administrator edits it. */
export const ZLicenceTypeInput = z.object({
  code: z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}[0-9]{3}$/, '证照类型代码：定义机构统一社会信用代码（18 位）+ 3 位顺序码'),
  name: z.string().trim().min(2).max(40),
  departmentId: z.number().int().positive(),
  holderKind: z.enum(['natural', 'legal', 'both']),
  numberPrefix: z.string().regex(/^[A-Z]{0,4}$/),
  fields: z.array(ZLicenceField).max(30),
  validityYears: z.number().int().min(1).max(100).nullable(),
  layout: ZLicenceLayout,
  itemIds: z.array(z.number().int().positive()).max(50),
  status: z.enum(['active', 'disabled']).default('active'),
});
export type TLicenceTypeInput = z.infer<typeof ZLicenceTypeInput>;

export const ZLicenceType = ZLicenceTypeInput.extend({
  id: z.number(),
  departmentName: z.string(),
  items: z.array(z.object({ id: z.number(), name: z.string() })),
});
export type TLicenceType = z.infer<typeof ZLicenceType>;
export const ZLicenceTypeList = z.object({ types: z.array(ZLicenceType) });
export type TLicenceTypeList = z.infer<typeof ZLicenceTypeList>;
export const ZLicenceTypeOne = z.object({ type: ZLicenceType });
export type TLicenceTypeOne = z.infer<typeof ZLicenceTypeOne>;

export const ZLicenceStatus = z.enum(['valid', 'superseded', 'suspended', 'cancelled', 'revoked', 'expired']);

export const ZPublicLicence = z.object({
  identifier: z.string(),
  number: z.string(),
  version: z.number(),
  typeName: z.string(),
  typeCode: z.string(),
  issuerName: z.string(),
  issuerCode: z.string(),
  issuedOn: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  status: ZLicenceStatus,
  statusChangedAt: z.string().nullable(),
  holderName: z.string(),
  holderCode: z.string().meta({ description: 'masked' }),
  seal: z.object({ id: z.number(), code: z.string(), name: z.string(), status: z.string() }),
  signedAt: z.string(),
  pdfSm3: z.string(),
  pdfSignature: z.string().meta({ description: 'SM2 signature (DER, hex) over the PDF bytes' }),
  dataSignature: z.string().meta({ description: 'SM2 signature (DER, hex) over the canonical signed data' }),
});
export type TPublicLicence = z.infer<typeof ZPublicLicence>;
/** The licences a case produced, with the id its holder's wallet uses. */
export const ZCaseLicences = z.object({ licences: z.array(ZPublicLicence.extend({ id: z.string() })) });
export type TCaseLicences = z.infer<typeof ZCaseLicences>;

/** A sealed notice or decision (文书) as a verifier sees it: no applicant, no personal data. */
export const ZPublicDocument = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  number: z.string().meta({ description: '文号' }),
  caseNumber: z.string(),
  itemName: z.string(),
  issuerName: z.string(),
  issuerCode: z.string(),
  issuedOn: z.string(),
  seal: z.object({ id: z.number(), code: z.string(), name: z.string(), status: z.string() }),
  signedAt: z.string(),
  pdfSm3: z.string(),
  pdfSignature: z.string().meta({ description: 'SM2 signature (DER, hex) over the PDF bytes' }),
  dataSignature: z.string().meta({ description: 'SM2 signature (DER, hex) over the canonical signed data' }),
});
export type TPublicDocument = z.infer<typeof ZPublicDocument>;

export const ZVerification = z.object({
  verdict: z.enum(['genuine', 'altered', 'revoked', 'cancelled', 'suspended', 'superseded', 'expired', 'not_found']),
  message: z.string(),
  sealVerdict: z.enum(['valid', 'valid_at_signing_time', 'invalid', 'revoked_before_signing']).nullable(),
  licence: ZPublicLicence.nullable(),
  /** Set when the uploaded file is (or claims to be) a sealed notice or decision rather than a licence. */
  document: ZPublicDocument.nullable(),
});
export type TVerification = z.infer<typeof ZVerification>;

export const ZLicenceEvent = z.object({
  at: z.string(),
  action: z.string(),
  reason: z.string().nullable(),
  version: z.number(),
  actorName: z.string().nullable(),
});

/** A licence as its holder or its issuer sees it: the public view plus the fields and history. */
export const ZLicenceDetail = ZPublicLicence.extend({
  id: z.string(),
  fields: z.array(z.object({ key: z.string(), label: z.string(), value: z.string() })),
  caseId: z.string().nullable(),
  events: z.array(ZLicenceEvent),
});
export type TLicenceDetail = z.infer<typeof ZLicenceDetail>;
export const ZLicenceList = z.object({ licences: z.array(ZLicenceDetail) });
export type TLicenceList = z.infer<typeof ZLicenceList>;
export const ZLicenceOne = z.object({ licence: ZLicenceDetail });
export type TLicenceOne = z.infer<typeof ZLicenceOne>;

export const ZLifecycleRequest = z.object({
  action: z.enum(['change', 'renew', 'suspend', 'resume', 'cancel', 'revoke']),
  reason: z.string().trim().min(2).max(500),
  data: z.record(z.string(), z.string().max(500)).optional(),
  validTo: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().optional(),
});
export type TLifecycleRequest = z.infer<typeof ZLifecycleRequest>;

/** A 告知承诺 waiting for the department's check. */
export const ZPendingCommitment = z.object({ id: z.number(), caseId: z.string(), caseNumber: z.string(), itemName: z.string(), materialName: z.string(), statement: z.string(), signedAt: z.string() });
export type TPendingCommitment = z.infer<typeof ZPendingCommitment>;
export const ZPendingCommitmentList = z.object({ commitments: z.array(ZPendingCommitment) });
export type TPendingCommitmentList = z.infer<typeof ZPendingCommitmentList>;
export const ZCommitmentCheckRequest = z.object({ result: z.enum(['confirmed', 'false']), note: z.string().trim().min(2).max(1000) });
export type TCommitmentCheckRequest = z.infer<typeof ZCommitmentCheckRequest>;
export const ZCommitmentChecked = z.object({ id: z.number(), checkStatus: z.enum(['confirmed', 'false']) });
export type TCommitmentChecked = z.infer<typeof ZCommitmentChecked>;

export const ZMaterialReuse = z.object({
  name: z.string(),
  requirement: z.enum(['required', 'optional', 'conditional']),
  way: z.enum(['licence', 'government', 'commitment', 'upload']),
  licenceType: z.string().nullable(),
  licence: z.object({ id: z.string(), identifier: z.string(), number: z.string(), typeName: z.string(), validTo: z.string().nullable(), verdict: z.string() }).nullable(),
  commitment: z.object({ id: z.number(), statement: z.string(), signedAt: z.string(), checkStatus: z.enum(['pending', 'confirmed', 'false']) }).nullable(),
  governmentProvided: z.boolean(),
  authorisedAt: z.string().nullable(),
});
export type TMaterialReuse = z.infer<typeof ZMaterialReuse>;
export const ZMaterialReuseList = z.object({ materials: z.array(ZMaterialReuse) });
export type TMaterialReuseList = z.infer<typeof ZMaterialReuseList>;

/** Before applying: which of the applicant's valid licences would stand in for each listed material. */
export const ZReusePreview = z.object({
  name: z.string(),
  way: z.enum(['licence', 'government', 'commitment', 'upload']),
  licenceType: z.string().nullable(),
  licence: z.object({ id: z.string(), identifier: z.string(), number: z.string(), typeName: z.string(), validTo: z.string().nullable() }).nullable(),
});
export type TReusePreview = z.infer<typeof ZReusePreview>;
export const ZReusePreviewList = z.object({ materials: z.array(ZReusePreview) });
export type TReusePreviewList = z.infer<typeof ZReusePreviewList>;

const ZCountRow = z.object({
  materials: z.number(),
  exempt: z.number().meta({ description: 'listed materials a licence or the government\'s own data replaces' }),
  commitmentAllowed: z.number(),
  licenceUses: z.number().meta({ description: 'materials covered by an attached licence, over all submissions' }),
  sharedUses: z.number(),
  commitments: z.number(),
  submissions: z.number().meta({ description: 'submitted cases' }),
  submissionsWithLicence: z.number().meta({ description: 'submitted cases in which a licence replaced an upload' }),
});
export const ZReuseStatistics = z.object({
  items: z.array(ZCountRow.extend({ itemId: z.number(), itemName: z.string(), departmentId: z.number(), departmentName: z.string() })),
  departments: z.array(ZCountRow.extend({ departmentId: z.number(), departmentName: z.string(), items: z.number() })),
});
export type TReuseStatistics = z.infer<typeof ZReuseStatistics>;

