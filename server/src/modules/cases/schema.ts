import { z } from 'zod';
import { ZBodyId, queryInt } from '../../http/params.js';
import { ZItemMaterialId } from '../catalog/schema.js';

export const ZCaseStatus = z.enum([
  'submitted',
  'correction_required',
  'accepted',
  'refused',
  'approved',
  'denied',
  'completed',
  'withdrawn',
]);
export type TCaseStatus = z.infer<typeof ZCaseStatus>;

export const ZCaseIdParams = z.object({ id: z.uuid('办件编号格式不正确') });

/** 容缺受理: a minor material the item lets follow after acceptance, by a promised date. */
export const ZDeferral = z.object({ materialId: ZItemMaterialId, promisedDate: z.iso.date() });
export type TDeferral = z.infer<typeof ZDeferral>;
const ZDeferrals = z.array(ZDeferral).max(60).optional().meta({ description: '容缺: materials promised for a later date (only those the item marks deferrable)' });

export const ZSubmitCaseRequest = z.object({
  itemId: ZBodyId,
  formData: z.record(z.string(), z.unknown()),
  materials: z
    .array(z.uuid('材料编号格式不正确'))
    .max(200)
    .optional()
    .meta({ description: 'ids of files uploaded beforehand with POST /api/catalog/items/:id/uploads; every required material must be among them or deferred' }),
  deferred: ZDeferrals,
});

const reason = (label: string) => z.string().trim().min(2, `请填写${label}`).max(2000);

export const ZNoteRequest = z.object({ note: z.string().trim().max(2000).optional() });
export const ZAcceptRequest = ZNoteRequest.extend({ deferred: ZDeferrals });
export const ZRefuseRequest = z.object({ reason: reason('不予受理理由') });
export const ZCorrectionRequest = z.object({
  corrections: z
    .array(z.object({ materialId: ZItemMaterialId.nullable().optional(), text: z.string().trim().min(1).max(500) }))
    .max(50)
    .optional()
    .meta({ description: 'each point: the listed material it is about (M01 …) or none for a free point, and what to correct' }),
  missing: z.array(z.string().trim().min(1).max(500)).max(50).optional().meta({ description: 'free points as plain text' }),
  note: z.string().trim().max(2000).optional(),
});
export const ZResubmitRequest = z.object({
  formData: z.record(z.string(), z.unknown()).optional(),
  answers: z
    .array(z.object({ index: z.number().int().min(0).max(99), text: z.string().trim().max(1000) }))
    .max(100)
    .optional()
    .meta({ description: 'written answers by the point’s index in the notice; a material point is also answered by a new file for it' }),
  note: z.string().trim().max(2000).optional(),
});

export const ZVerifyMaterialRequest = z.object({
  verdict: z.enum(['accepted', 'defective']).meta({ description: 'accepted = 合格, defective = 不合格 (reason required)' }),
  reason: z.string().trim().max(500).optional(),
});
export const ZChecklistParams = ZCaseIdParams.extend({ materialId: ZItemMaterialId });

export const ZChecklist = z
  .object({
    materials: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        requirement: z.enum(['required', 'optional', 'conditional']),
        condition: z.string().nullable(),
        deferrable: z.boolean(),
        governmentHeld: z.boolean(),
        fileCount: z.number(),
        verdict: z.enum(['unverified', 'accepted', 'defective']),
        reason: z.string().nullable(),
        verifiedAt: z.string().nullable(),
        deferral: z.object({ promisedDate: z.string(), closed: z.boolean(), overdue: z.boolean() }).nullable(),
      }),
    ),
    correction: z
      .object({
        issuedAt: z.string(),
        points: z.array(z.object({ index: z.number(), materialId: z.string().nullable(), text: z.string(), hasNewFile: z.boolean() })),
      })
      .nullable(),
  })
  .meta({ id: 'CaseChecklist' });
export type TChecklist = z.infer<typeof ZChecklist>;
export const ZApproveRequest = z.object({ opinion: z.string().trim().max(2000).optional() });
export const ZDenyRequest = z.object({ reason: reason('不予许可理由') });
/** How the applicant agreed to take the result at the window after choosing express post. */
export const DELIVERY_CONSENT_METHODS = { signed_at_window: '窗口当面签字确认', phone: '电话确认', written: '书面同意' } as const;
export const ZDeliveryConsent = z
  .object({
    consentedBy: z.string().trim().min(1, '请填写同意人').max(50).meta({ description: '同意人: the applicant or the person acting for them' }),
    method: z.enum(Object.keys(DELIVERY_CONSENT_METHODS) as [keyof typeof DELIVERY_CONSENT_METHODS]).meta({ description: 'signed_at_window 窗口签字 | phone 电话 | written 书面' }),
    consentedAt: z.iso.datetime({ offset: true }).optional().meta({ description: 'When the applicant agreed; now when left out' }),
  })
  .meta({ id: 'DeliveryConsent' });
export type TDeliveryConsent = z.infer<typeof ZDeliveryConsent>;
export const ZIssueRequest = z.object({
  delivery: z.object({
    method: z.enum(['window', 'post']).meta({ description: 'window = 窗口领取, post = 快递送达' }),
    courier: z.string().trim().max(50).optional(),
    trackingNumber: z.string().trim().max(50).optional(),
    postAddress: z
      .object({
        recipient: z.string().trim().min(1, '请填写收件人').max(50),
        phone: z.string().regex(/^1[3-9]\d{9}$/, '应为 11 位手机号'),
        address: z.string().trim().min(5, '请填写详细地址').max(200),
      })
      .optional()
      .meta({ description: '邮寄地址 taken at the window when the applicant chose no express address; else the chosen one is used' }),
    consent: ZDeliveryConsent.optional().meta({ description: 'Required to hand over at the window a result the applicant chose to receive by express post' }),
  }),
  note: z.string().trim().max(2000).optional(),
});
export type TIssueRequest = z.infer<typeof ZIssueRequest>;
export const ZWithdrawRequest = z.object({ reason: z.string().trim().max(2000).optional() });

export const ZCaseQueue = z.enum(['mine', 'unclaimed', 'sign']);
export type TCaseQueue = z.infer<typeof ZCaseQueue>;

export const ZCaseListQuery = z.object({
  status: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',') : undefined))
    .pipe(z.array(ZCaseStatus).optional()),
  queue: ZCaseQueue
    .optional()
    .meta({
      description:
        'mine = claimed by me or by someone I back up (AB角) who is away; unclaimed = waiting in the department queue; sign = at a chain step I may sign (a head\'s step, a later step of a chain wanting different persons, a 会签)',
    }),
  limit: queryInt(1, 100).default(20),
  offset: queryInt(0, Number.MAX_SAFE_INTEGER).default(0),
});

export const ZCaseSummary = z
  .object({
    id: z.string(),
    number: z.string(),
    status: ZCaseStatus,
    statusLabel: z.string(),
    channel: z.enum(['online', 'window']),
    itemName: z.string(),
    itemCode: z.string(),
    departmentName: z.string(),
    applicantName: z.string(),
    submittedAt: z.string(),
    acceptedAt: z.string().nullable(),
    dueDate: z.string().nullable().meta({ description: '承诺办结日期 (end of that working day)' }),
    warnDate: z.string().nullable().meta({ description: '黄灯预警日期: the sweep warns from this day on' }),
    dueProvisional: z.boolean(),
    workdaysLeft: z.number().nullable().meta({ description: 'Working days until the due date; negative when overdue' }),
    light: z.enum(['green', 'yellow', 'red', 'grey']).nullable().meta({ description: '红黄绿灯 while the clock runs; grey while stopped' }),
    clockStopped: z.boolean(),
    acceptanceDueDate: z.string().nullable().meta({ description: '受理时限 (art. 32): last day to answer a waiting application; past it, accepted by law' }),
    acceptanceWorkdaysLeft: z.number().nullable().meta({ description: 'Working days left to answer (0 on the last day); null unless waiting for acceptance' }),
    acceptanceLight: z.enum(['green', 'yellow', 'red']).nullable().meta({ description: '受理时限 light while waiting for acceptance: yellow the day before the last, red on the last day' }),
    deemedAccepted: z.boolean().meta({ description: '依法视为受理: accepted by law after five working days unanswered (art. 32)' }),
    reviewStep: z.string().nullable().meta({ description: "Key of the item's review-chain step the case stands at (review, decision, check …)" }),
    reviewStepLabel: z.string().nullable().meta({ description: '审查 / 决定 / 承办 / 审核 / 批准 …' }),
    assigneeName: z.string().nullable(),
    decidedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    promisedLimitDays: z.number(),
    jointApplicationId: z.string().nullable().meta({ description: '联办件: the joint application this case is part of (抄告相关), or null' }),
    keyProject: z.boolean().meta({ description: '重点项目 (绿色通道): part of a key project; first in work queues' }),
    deliveryDueDate: z.string().nullable().meta({ description: '送达期限 (行政许可法 art. 44): ten working days after a licence is granted; null for other results' }),
    deliveryWorkdaysLeft: z.number().nullable().meta({ description: 'Working days until the delivery deadline while the result waits for issuance; negative when overdue' }),
    deliveryLight: z.enum(['green', 'yellow', 'red']).nullable().meta({ description: '送达期限的红黄绿灯 while a granted licence waits for issuance (yellow at ≤ 2 working days left)' }),
    deliveredLate: z.boolean().nullable().meta({ description: 'Issued after its delivery deadline; null without one or before issuance' }),
  })
  .meta({ id: 'CaseSummary' });

export const ZTimelineEntry = z.object({
  seq: z.number(),
  at: z.string(),
  action: z.string(),
  actionLabel: z.string(),
  fromStatus: ZCaseStatus.nullable(),
  toStatus: ZCaseStatus,
  actorRole: z.string(),
  actorName: z.string().nullable().meta({ description: 'Who took the step; for a step of the law itself its words, e.g. 系统（依法视为受理）' }),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});

export const ZCaseReview = z
  .object({
    distinctPersons: z.boolean(),
    currentIndex: z.number().nullable().meta({ description: 'Index of the current step; null once decided' }),
    steps: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        kind: z.string(),
        role: z.enum(['reviewer', 'department_head']),
        decides: z.boolean(),
        departments: z.array(z.number()).meta({ description: '会签 departments' }),
      }),
    ),
  })
  .nullable()
  .meta({ id: 'CaseReview', description: '审批链 the case runs (snapshot at acceptance); null before acceptance' });

export const ZCaseDetail = ZCaseSummary.extend({
  review: ZCaseReview,
  queryCode: z.string().nullable().meta({ description: 'Shown to the applicant only' }),
  formData: z.record(z.string(), z.unknown()).meta({ description: 'Personal fields masked' }),
  formFields: z.array(z.object({ key: z.string(), label: z.string(), type: z.string() })),
  decisionReason: z.string().nullable(),
  legalLimitDays: z.number().nullable(),
  deliveryPreference: z
    .object({ method: z.enum(['window', 'post']), recipient: z.string().optional(), phone: z.string().optional(), address: z.string().optional() })
    .nullable()
    .meta({ description: '送达方式; the phone is masked' }),
  clock: z.object({
    promisedLimit: z.object({ value: z.number(), unit: z.string() }),
    legalLimit: z.object({ value: z.number(), unit: z.string() }).nullable(),
    baseDueDate: z.string().nullable().meta({ description: 'Promised deadline at acceptance, before stops and extensions' }),
    legalDueDate: z.string().nullable(),
    stoppedWorkdays: z.number(),
    extensionWorkdays: z.number(),
    maxExtensionWorkdays: z.number(),
    stops: z.array(
      z.object({
        kind: z.string(),
        kindLabel: z.string(),
        reason: z.string(),
        startedAt: z.string(),
        endedAt: z.string().nullable(),
        workdays: z.number().nullable(),
        /** As the 特别程序告知书 states it; null on 补正 and on stops recorded before it was required. */
        expectedWorkdays: z.number().nullable(),
        expectedEndDate: z.string().nullable(),
      }),
    ),
    extensions: z.array(
      z.object({
        workdays: z.number(),
        reason: z.string(),
        status: z.enum(['pending', 'approved', 'rejected']),
        requestedAt: z.string(),
        decidedAt: z.string().nullable(),
      }),
    ),
  }),
  applicant: z.object({
    name: z.string(),
    kind: z.enum(['natural', 'legal']).nullable(),
    identityNumber: z.string().nullable().meta({ description: 'Masked, except an enterprise\'s own 统一社会信用代码 shown to itself' }),
    phone: z.string().nullable().meta({ description: 'Masked' }),
    /** 经办人: who filed an enterprise's application online. */
    filedByName: z.string().nullable(),
  }),
  timeline: z.array(ZTimelineEntry),
  rated: z.boolean().meta({ description: 'The applicant has rated this case online (一事一评)' }),
}).meta({ id: 'CaseDetail' });

export type TCaseSummary = z.infer<typeof ZCaseSummary>;

export const ZCaseList = z.object({ cases: z.array(ZCaseSummary), total: z.number() });
export type TCaseList = z.infer<typeof ZCaseList>;
export type TTimelineEntry = z.infer<typeof ZTimelineEntry>;
export type TCaseDetail = z.infer<typeof ZCaseDetail>;

export const ZCaseAnswer = z.object({ case: ZCaseDetail });
export type TCaseAnswer = z.infer<typeof ZCaseAnswer>;

/**
 * 中止计时. `kind` takes the old 现场勘查 / 其他 codes too, so they are refused with the law's
 * reason (STOP_GROUND_NOT_ALLOWED) rather than a bare "invalid value".
 */
export const ZStopClockRequest = z.object({
  kind: z
    .enum(['correction', 'hearing', 'tender', 'auction', 'examination', 'testing', 'quarantine', 'appraisal', 'expert_review', 'inspection', 'other'])
    .meta({ description: '补正 correction (only where the item provides it); 听证 hearing, 招标 tender, 拍卖 auction, 检验 examination, 检测 testing, 检疫 quarantine, 鉴定 appraisal, 专家评审 expert_review (art. 45). inspection 现场勘查 and other are refused' }),
  reason: z.string().trim().min(2, '请填写中止原因').max(2000),
  expectedWorkdays: z.number().int().min(1).max(250).optional().meta({ description: 'Expected duration in working days (or give expectedEndDate)' }),
  expectedEndDate: z.iso.date().optional().meta({ description: 'Expected end date, YYYY-MM-DD (or give expectedWorkdays)' }),
});
export const ZExtensionRequest = z.object({
  workdays: z.number().int().min(1).max(60),
  reason: z.string().trim().min(2, '请填写延期理由').max(2000),
});
export const ZExtensionDecision = z.object({ approve: z.boolean(), note: z.string().trim().max(2000).optional() });

/** One pending 延期 request in an approver's inbox. */
export const ZPendingExtension = z
  .object({
    id: z.number(),
    caseId: z.string(),
    number: z.string(),
    itemName: z.string(),
    departmentName: z.string(),
    workdays: z.number(),
    reason: z.string(),
    requestedAt: z.string(),
    requesterName: z.string(),
    dueDate: z.string().nullable(),
    approver: z.enum(['department_head', 'government_head']),
    approverLabel: z.string().meta({ description: '本行政机关负责人 / 本级人民政府负责人' }),
  })
  .meta({ id: 'PendingExtension' });
export type TPendingExtension = z.infer<typeof ZPendingExtension>;

export const ZPendingExtensionList = z.object({ extensions: z.array(ZPendingExtension) });
export type TPendingExtensionList = z.infer<typeof ZPendingExtensionList>;

export const ZWalkInRequest = z.object({
  applicant: z.object({
    kind: z.enum(['natural', 'legal']).meta({ description: 'natural = 自然人, legal = 法人' }),
    name: z.string().trim().min(1, '请填写申请人姓名或名称').max(100),
    identityNumber: z.string().trim().min(15).max(18).meta({ description: '居民身份证号 or 统一社会信用代码 (check digit verified)' }),
    phone: z.string().regex(/^1[3-9]\d{9}$/, '应为 11 位手机号'),
  }),
  itemId: ZBodyId,
  formData: z.record(z.string(), z.unknown()),
  checklist: z.array(z.string().trim().min(1).max(200)).max(60).default([]).meta({ description: 'listed materials (M01 …) the clerk saw and found in order' }),
  deferred: ZDeferrals,
  acceptNow: z.boolean().default(true),
});
export type TWalkInRequest = z.infer<typeof ZWalkInRequest>;

export const ZOpinionRequest = z.object({ opinion: z.string().trim().min(2, '请填写审查意见').max(2000) });

export const ZDeliveryPreference = z.discriminatedUnion('method', [
  z.object({ method: z.literal('window') }),
  z.object({
    method: z.literal('post'),
    recipient: z.string().trim().min(1, '请填写收件人').max(50),
    phone: z.string().regex(/^1[3-9]\d{9}$/, '应为 11 位手机号'),
    address: z.string().trim().min(5, '请填写详细地址').max(200),
  }),
]);

/** A sealed notice or decision of a case (文书) with its 文号, organ, seal and signatures. */
export const ZCaseDocument = z.object({
  id: z.string(),
  kind: z.string().meta({ description: 'acceptance | correction | refusal | approval | denial | delivery (送达回证)' }),
  title: z.string(),
  number: z.string().meta({ description: '文号, e.g. 梅市监许准〔2026〕12号' }),
  issuerName: z.string(),
  issuedOn: z.string(),
  sealId: z.number(),
  sealCode: z.string(),
  signedAt: z.string(),
  pdfSm3: z.string(),
  pdfSignature: z.string().meta({ description: 'SM2 (SM3, user ID 1234567812345678), DER hex, over the PDF bytes' }),
  signedData: z.string().meta({ description: 'the exact UTF-8 text signed by dataSignature (canonical JSON)' }),
  dataSignature: z.string(),
});
export type TCaseDocument = z.infer<typeof ZCaseDocument>;

export const ZCaseDocumentList = z.object({ documents: z.array(ZCaseDocument) });
export type TCaseDocumentList = z.infer<typeof ZCaseDocumentList>;

/** 决定机关 settings of a centre: the 行政审批局 and the departments whose licensing it decides. */
export const ZDecisionSettings = z.object({
  approvalBureauId: z.number().nullable(),
  concentratedDepartmentIds: z.array(z.number()),
  departments: z.array(z.object({ id: z.number(), name: z.string(), abbreviation: z.string().nullable(), hasActiveSeal: z.boolean() })),
});
export type TDecisionSettings = z.infer<typeof ZDecisionSettings>;

export const ZDecisionSettingsInput = z.object({
  approvalBureauId: ZBodyId.nullable(),
  concentratedDepartmentIds: z.array(ZBodyId).max(200),
});
export type TDecisionSettingsInput = z.infer<typeof ZDecisionSettingsInput>;

export const ZDepartmentAbbreviationInput = z.object({
  abbreviation: z
    .string()
    .trim()
    .regex(/^[\u4e00-\u9fa5A-Za-z0-9]{1,12}$/, '机关代字为 1–12 个汉字、字母或数字')
    .nullable(),
});

/** 完整查看个人信息: the unmasked numbers of one case, answered only with a reason and audited. */
export const ZPersonalDataView = z
  .object({ identityNumber: z.string().nullable(), phone: z.string().nullable(), formData: z.record(z.string(), z.unknown()) })
  .meta({ id: 'PersonalDataView' });
export type TPersonalDataView = z.infer<typeof ZPersonalDataView>;

/** A saved application form not yet submitted (草稿). */
export const ZDraft = z
  .object({ id: z.string(), itemId: z.number(), itemName: z.string(), formData: z.record(z.string(), z.unknown()), updatedAt: z.string() })
  .meta({ id: 'Draft' });
export type TDraft = z.infer<typeof ZDraft>;

export const ZDraftList = z.object({ drafts: z.array(ZDraft) });
export type TDraftList = z.infer<typeof ZDraftList>;
