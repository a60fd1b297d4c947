import { z } from 'zod';
import { ZAssessmentRules } from './assessment.js';
import { ZId } from '../../http/params.js';

/** Request and response shapes of the intermediary supermarket; the web app imports these types. */

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const text = (max: number, message = '请填写') => z.string().trim().min(1, message).max(max);
export const ZIdParams = z.object({ id: ZId });

export const ZServiceTypeInput = z.object({
  code: z.string().regex(/^[A-Z0-9-]{2,20}$/, '2–20 位大写字母、数字或 -'),
  name: text(100),
  legalBasis: text(2000),
  feeBasis: text(1000),
  usualDays: z.number().int().min(1).max(720),
  dayUnit: z.enum(['workday', 'natural_day']),
  published: z.boolean().default(true),
  itemIds: z.array(z.number().int().positive()).max(200).default([]),
});
export const ZServiceType = z
  .object({
    id: z.number(),
    code: z.string(),
    name: z.string(),
    legalBasis: z.string(),
    feeBasis: z.string(),
    usualDays: z.number(),
    dayUnit: z.enum(['workday', 'natural_day']),
    published: z.boolean(),
    items: z.array(z.object({ id: z.number(), name: z.string() })),
  })
  .meta({ id: 'IntermediaryServiceType' });
export type TIntermediaryServiceType = z.infer<typeof ZServiceType>;
export const ZServiceTypeList = z.object({ serviceTypes: z.array(ZServiceType) });
export type TServiceTypeList = z.infer<typeof ZServiceTypeList>;

const ZAccount = z.object({
  username: z.string().regex(/^[A-Za-z0-9_.-]{3,64}$/, '3–64 位字母、数字、_.-'),
  password: z
    .string()
    .min(10, '密码至少 10 位')
    .max(200)
    .refine((p) => /[a-z]/.test(p) && /[A-Z]/.test(p) && /\d/.test(p), '密码须含大写字母、小写字母和数字'),
});
export const ZRegistration = z.object({
  creditCode: z.string().trim().toUpperCase().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, '统一社会信用代码应为 18 位'),
  name: text(100, '请填写机构名称'),
  legalRepresentative: text(50, '请填写法定代表人'),
  address: text(200, '请填写地址'),
  phone: z.string().regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, '请填写手机或固定电话'),
  contactName: text(50, '请填写联系人'),
  introduction: z.string().max(2000).default(''),
  offices: z.array(z.object({ address: text(200), phone: z.string().max(30) })).max(20).default([]),
  regionCode: z.string().regex(/^\d{6}$/, '区划代码应为 6 位').default('220581'),
  account: ZAccount,
});

export const ZQualificationInput = z.object({
  serviceTypeId: z.number().int().positive(),
  certificateNumber: text(100, '请填写资质证书编号'),
  grade: z.string().max(30).default(''),
  validFrom: date,
  validTo: date,
  feeStandard: text(1000, '请填写收费标准'),
});

const ZScoreLine = z.object({ rule: z.string(), label: z.string(), count: z.number(), points: z.number() });
export const ZIntermediary = z
  .object({
    id: z.number(),
    creditCode: z.string(),
    name: z.string(),
    presence: z.enum(['online', 'hall']),
    legalRepresentative: z.string(),
    address: z.string(),
    phone: z.string(),
    contactName: z.string(),
    introduction: z.string(),
    offices: z.array(z.object({ address: z.string(), phone: z.string() })),
    status: z.enum(['pending', 'approved', 'rejected', 'suspended', 'blacklisted']),
    reviewNote: z.string().nullable(),
    sanctionEndsOn: z.string().nullable(),
    score: z.number(),
    grade: z.string(),
    scoreLines: z.array(ZScoreLine),
    qualifications: z.array(
      z.object({
        id: z.number(),
        serviceTypeId: z.number(),
        serviceTypeName: z.string(),
        certificateNumber: z.string(),
        grade: z.string(),
        validFrom: z.string(),
        validTo: z.string(),
        feeStandard: z.string(),
        status: z.enum(['active', 'expired', 'suspended']),
        usable: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'Intermediary' });
export type TIntermediary = z.infer<typeof ZIntermediary>;
export const ZIntermediaryList = z.object({ intermediaries: z.array(ZIntermediary) });
export type TIntermediaryList = z.infer<typeof ZIntermediaryList>;
export const ZIntermediaryOne = z.object({ intermediary: ZIntermediary });
export type TIntermediaryOne = z.infer<typeof ZIntermediaryOne>;
/** The signed-in intermediary's own record and its staff. */
export const ZMyIntermediary = z.object({ intermediary: ZIntermediary, staff: z.array(z.object({ id: z.number(), name: z.string(), title: z.string(), certificateNumber: z.string().nullable() })) });
export type TMyIntermediary = z.infer<typeof ZMyIntermediary>;

export const ZAnnouncementInput = z.object({
  serviceTypeId: z.number().int().positive(),
  projectName: text(200, '请填写项目名称'),
  caseId: z.uuid().optional(),
  funding: z.enum(['own', 'public']),
  budgetCeiling: z.number().int().min(1).max(1_000_000_000),
  serviceDays: z.number().int().min(1).max(720),
  dayUnit: z.enum(['workday', 'natural_day']),
  requirements: text(4000, '请填写服务要求'),
  method: z.enum(['random', 'lowest_price', 'quality_price', 'direct']),
  priceWeight: z.number().min(0).max(1).optional(),
  responseDeadline: z.iso.datetime({ offset: true, message: '截止时间格式应为 ISO 8601' }),
  publicityWorkdays: z.number().int().min(1).max(15).default(3),
});

export const ZResponse = z.object({
  id: z.number(),
  intermediaryId: z.number(),
  intermediaryName: z.string(),
  quote: z.number(),
  promisedDays: z.number(),
  note: z.string(),
  status: z.enum(['valid', 'withdrawn']),
  createdAt: z.string(),
});

export const ZAnnouncement = z
  .object({
    id: z.number(),
    number: z.string(),
    ownerName: z.string(),
    ownerKind: z.enum(['enterprise', 'public_body']),
    funding: z.enum(['own', 'public']),
    serviceTypeId: z.number(),
    serviceTypeName: z.string(),
    projectName: z.string(),
    caseId: z.string().nullable(),
    budgetCeiling: z.number(),
    serviceDays: z.number(),
    dayUnit: z.enum(['workday', 'natural_day']),
    requirements: z.string(),
    method: z.enum(['random', 'lowest_price', 'quality_price', 'direct']),
    priceWeight: z.number().nullable(),
    responseDeadline: z.string(),
    publicityWorkdays: z.number(),
    status: z.enum(['open', 'selected', 'contracted', 'failed', 'cancelled']),
    responseCount: z.number(),
    selectedResponseId: z.number().nullable(),
    selectedIntermediaryName: z.string().nullable(),
    drawSeed: z.string().nullable(),
    selectionDetail: z.unknown(),
    selectedAt: z.string().nullable(),
    publicityEndsOn: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'IntermediaryAnnouncement' });
export type TIntermediaryAnnouncement = z.infer<typeof ZAnnouncement>;
export const ZAnnouncementList = z.object({ announcements: z.array(ZAnnouncement) });
export type TAnnouncementList = z.infer<typeof ZAnnouncementList>;

export const ZAnnouncementDetail = z.object({ announcement: ZAnnouncement, responses: z.array(ZResponse), sealed: z.boolean(), isOwn: z.boolean() });
export type TAnnouncementDetail = z.infer<typeof ZAnnouncementDetail>;
/** 选取: the chosen response (or failure), the random seed where drawn, and the end of the publicity. */
export const ZSelectionOutcome = z.object({ status: z.enum(['selected', 'failed']), responseId: z.number().nullable(), seed: z.string().nullable(), publicityEndsOn: z.string().optional() });
export type TSelectionOutcome = z.infer<typeof ZSelectionOutcome>;

export const ZContract = z
  .object({
    id: z.number(),
    announcementId: z.number(),
    announcementNumber: z.string(),
    projectName: z.string(),
    serviceTypeName: z.string(),
    intermediaryId: z.number(),
    intermediaryName: z.string(),
    price: z.number(),
    signedOn: z.string(),
    promisedDays: z.number(),
    dayUnit: z.enum(['workday', 'natural_day']),
    dueDate: z.string(),
    warnDate: z.string(),
    deliveredOn: z.string().nullable(),
    reportName: z.string().nullable(),
    attachedCaseId: z.string().nullable(),
    status: z.enum(['running', 'delivered', 'terminated']),
    light: z.enum(['green', 'yellow', 'red', 'done', 'done_late', 'terminated']),
    ratingLevel: z.number().nullable(),
    ratingComment: z.string().nullable(),
  })
  .meta({ id: 'IntermediaryContract' });
export type TIntermediaryContract = z.infer<typeof ZContract>;
export const ZContractList = z.object({ contracts: z.array(ZContract) });
export type TContractList = z.infer<typeof ZContractList>;

export const ZSanctionInput = z.object({
  kind: z.enum(['warning', 'suspension', 'blacklist']),
  reason: text(1000, '请写明理由'),
  days: z.number().int().min(1).max(3650).optional(),
});

export const ZComplaint = z.object({
  id: z.number(),
  intermediaryId: z.number(),
  intermediaryName: z.string(),
  contractId: z.number().nullable(),
  content: z.string(),
  upheld: z.boolean().nullable(),
  finding: z.string().nullable(),
  createdAt: z.string(),
});
export type TIntermediaryComplaint = z.infer<typeof ZComplaint>;
export const ZComplaintList = z.object({ complaints: z.array(ZComplaint) });
export type TComplaintList = z.infer<typeof ZComplaintList>;

export const ZStatsRow = z.object({
  serviceTypeId: z.number(),
  code: z.string(),
  name: z.string(),
  announcements: z.number(),
  responsesPerAnnouncement: z.number().nullable(),
  selected: z.number(),
  failed: z.number(),
  priceToBudget: z.number().nullable(),
  contracts: z.number(),
  delivered: z.number(),
  lateDeliveries: z.number(),
  overdueRunning: z.number(),
  timeUsedToPromised: z.number().nullable(),
  grades: z.record(z.string(), z.number()),
});
export type TIntermediaryStatsRow = z.infer<typeof ZStatsRow>;
export const ZStats = z.object({ from: z.string(), to: z.string(), rows: z.array(ZStatsRow) });
export type TStats = z.infer<typeof ZStats>;

export const ZEvent = z.object({
  id: z.string(),
  at: z.string(),
  actorName: z.string().nullable(),
  actorRole: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.number().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type TIntermediaryEvent = z.infer<typeof ZEvent>;
/** The event log and where its hash chain breaks (null: intact). */
export const ZEventLog = z.object({ events: z.array(ZEvent), chain: z.object({ rows: z.number(), brokenAt: z.string().nullable() }) });
export type TEventLog = z.infer<typeof ZEventLog>;

export { ZAssessmentRules };
