import { z } from 'zod';
import { ZReviewChain } from './review-chain.js';
import { ITEM_TYPE_CODES } from './codes.js';
import { ZBodyId, ZId, queryInt } from '../../http/params.js';

/** Schemas of the catalogue API; each exported with its inferred type (ZX / TX). */

export const ZFormField = z.object({
  key: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, '字段键应为英文字母开头的字母数字'),
  label: z.string().min(1).max(50),
  type: z.enum(['text', 'textarea', 'number', 'date', 'select', 'phone']),
  required: z.boolean(),
  options: z.array(z.string().min(1).max(50)).max(50).optional(),
  maxLength: ZBodyId.max(5000).optional(),
});
export type TFormField = z.infer<typeof ZFormField>;

export const ZLimitUnit = z.enum(['workday', 'natural_day', 'hour', 'on_the_spot']);
export type TLimitUnit = z.infer<typeof ZLimitUnit>;

export const ZLegalBasis = z.object({ law: z.string().trim().min(1).max(200), articles: z.string().trim().max(500) });

/** A listed material's stable id within its item: M01, M02 … (numbered in list order when left out). */
export const ZItemMaterialId = z.string().regex(/^M\d{2,3}$/, '材料编号格式应为 M01');

export const ZMaterial = z.object({
  id: ZItemMaterialId.optional(),
  name: z.string().trim().min(1).max(200),
  requirement: z.enum(['required', 'optional', 'conditional']),
  condition: z.string().trim().max(300).optional(),
  form: z.enum(['original', 'copy', 'original_and_copy', 'electronic']),
  copies: z.number().int().min(0).max(99),
  blankForm: z.string().trim().max(300).optional(),
  sample: z.string().trim().max(300).optional(),
  licenceType: z.string().trim().max(100).optional(),
  /** 部门间共享: the government already holds it, so it is never asked for. */
  governmentHeld: z.boolean().optional(),
  /** 告知承诺制: may be replaced by the applicant's signed commitment, checked later. */
  commitmentAllowed: z.boolean().optional(),
  source: z.string().trim().max(100),
  /** 容缺受理: a minor material that may follow after acceptance, by a date the applicant promises. */
  deferrable: z.boolean().optional(),
});
export type TMaterial = z.infer<typeof ZMaterial>;

export const ZFees = z.object({
  free: z.boolean(),
  items: z.array(z.object({ name: z.string().trim().min(1).max(200), standard: z.string().trim().max(500), basis: z.string().trim().max(500) })).max(30),
});

export const ZProcessStep = z.object({ name: z.string().trim().min(1).max(50), description: z.string().trim().max(1000) });

export const ZChannel = z.enum(['online', 'window', 'agent', 'village']);
export type TChannel = z.infer<typeof ZChannel>;

/** What an administrator writes for an item; limits arrive as text and are parsed on the server. */
export const ZItemContentSchema = z.object({
  code: z.string().trim().min(1).max(60).meta({ description: '实施编码, e.g. 11220581MB1234567X-4-220581-XK-00001-000-01' }),
  name: z.string().trim().min(2).max(100),
  departmentId: ZBodyId,
  implementingBody: z.string().trim().max(100).default(''),
  kind: z.enum(['immediate', 'promised']),
  legalLimitText: z
    .string()
    .trim()
    .max(500)
    .default('')
    .meta({ description: '法定时限 as published: 20个工作日, 六十日, 当场办结 …; blank or 无 when the law sets none (not for 行政许可)' }),
  promisedLimitText: z.string().trim().min(1).max(500),
  description: z.string().trim().max(2000).default(''),
  conditions: z.string().trim().max(4000).default(''),
  legalBasis: z.array(ZLegalBasis).max(30).default([]),
  materials: z.array(ZMaterial).max(60).default([]),
  fees: ZFees.default({ free: true, items: [] }),
  trips: z.number().int().min(0).max(2).default(1),
  onlineDepth: z.number().int().min(1).max(4).default(1),
  channels: z.array(ZChannel).min(1).max(4).default(['window']),
  windows: z.string().trim().max(200).default(''),
  consultPhone: z.string().trim().max(50).default(''),
  complaintPhone: z.string().trim().max(50).default(''),
  process: z.array(ZProcessStep).max(20).default([]),
  target: z.enum(['natural', 'legal', 'both']).default('both'),
  themes: z.array(z.string().trim().min(1).max(20)).max(10).default([]),
  formFields: z.array(ZFormField).max(60).default([]),
  reviewChain: ZReviewChain.optional().meta({ description: '审批链; the two-step 审查 → 决定 when left out' }),
  correctionStopAllowed: z
    .boolean()
    .optional()
    .meta({ description: "The item's own rules provide a 补正 stop of the clock after acceptance (off by default; left out, unchanged)" }),
});
export type TItemContent = z.infer<typeof ZItemContentSchema>;

export const ZConditionalLimit = z.object({ condition: z.string(), value: z.number(), unit: ZLimitUnit });

export const ZItemSummarySchema = z
  .object({
    id: z.number(),
    code: z.string(),
    basicCode: z.string(),
    name: z.string(),
    itemType: z.enum(ITEM_TYPE_CODES),
    itemTypeName: z.string(),
    hierarchy: z.enum(['main', 'sub', 'handling']),
    kind: z.enum(['immediate', 'promised']),
    status: z.enum(['draft', 'published', 'suspended', 'cancelled']),
    departmentId: z.number(),
    departmentName: z.string(),
    legalLimitDays: z.number().nullable(),
    legalLimitUnit: ZLimitUnit,
    legalLimitText: z.string(),
    promisedLimitDays: z.number(),
    promisedLimitUnit: ZLimitUnit,
    promisedLimitText: z.string(),
    trips: z.number(),
    onlineDepth: z.number(),
    target: z.enum(['natural', 'legal', 'both']),
    themes: z.array(z.string()),
  })
  .meta({ id: 'ServiceItemSummary' });

export const ZItemDetailSchema = ZItemSummarySchema.extend({
  handlingKind: z.enum(['new', 'change', 'renew', 'cancel', 'other']).nullable(),
  parentId: z.number().nullable(),
  implementingBody: z.string(),
  implementingLevel: z.number(),
  description: z.string(),
  conditions: z.string(),
  legalBasis: z.array(ZLegalBasis),
  materials: z.array(ZMaterial.extend({ id: ZItemMaterialId })),
  fees: ZFees,
  channels: z.array(ZChannel),
  windows: z.string(),
  consultPhone: z.string(),
  complaintPhone: z.string(),
  process: z.array(ZProcessStep),
  legalLimitConditions: z.array(ZConditionalLimit),
  promisedLimitConditions: z.array(ZConditionalLimit),
  legalExtensionWorkdays: z.number().nullable(),
  formFields: z.array(ZFormField),
  reviewChain: ZReviewChain,
  correctionStopAllowed: z.boolean().meta({ description: '受理后可补正中止计时 (the item\'s own rules provide it)' }),
  delegatedTo: z.string(),
  takenOverFrom: z.string(),
  versionId: z.number().nullable(),
  versionNo: z.number().nullable(),
  updatedAt: z.string(),
}).meta({ id: 'ServiceItemDetail' });
export type TItemDetail = z.infer<typeof ZItemDetailSchema>;

export const ZItemAnswerSchema = z.object({ item: ZItemDetailSchema });
export type TItemAnswer = z.infer<typeof ZItemAnswerSchema>;

/** The public guide: the published item and the other handling items of the same item. */
export const ZGuideSchema = z.object({
  item: ZItemDetailSchema,
  related: z.array(z.object({ id: z.number(), name: z.string(), hierarchy: z.string(), handlingKind: z.string().nullable() })).meta({ description: '同一事项的主项、子项和其他办理项' }),
});
export type TGuide = z.infer<typeof ZGuideSchema>;
export type TItemSummary = z.infer<typeof ZItemSummarySchema>;

export const ZItemSearchQuerySchema = z.object({
  q: z.string().trim().max(50).optional().meta({ description: 'Chinese words, full pinyin or initials (spjy)' }),
  departmentId: ZId.optional(),
  theme: z.string().trim().max(20).optional(),
  itemType: z.enum(ITEM_TYPE_CODES).optional(),
  target: z.enum(['natural', 'legal']).optional(),
  kind: z.enum(['immediate', 'promised']).optional(),
  page: queryInt(1, 1000).default(1),
  pageSize: queryInt(1, 200).default(20),
});
export type TItemSearchQuery = z.infer<typeof ZItemSearchQuerySchema>;

export const ZAdminItemQuerySchema = ZItemSearchQuerySchema.extend({
  status: z.enum(['draft', 'published', 'suspended', 'cancelled']).optional(),
});
export type TAdminItemQuery = z.infer<typeof ZAdminItemQuerySchema>;

export const ZItemPageSchema = z.object({ items: z.array(ZItemSummarySchema), total: z.number(), page: z.number(), pageSize: z.number() });
export type TItemPage = z.infer<typeof ZItemPageSchema>;

/** Why a lifecycle step is taken: recorded on the version and the audit row. */
export const ZReasonSchema = z.object({ reason: z.string().trim().min(2, '请写明原因').max(500) });
export const ZChangeItemSchema = z.object({ reason: z.string().trim().min(2, '请写明变更原因').max(500), item: ZItemContentSchema });
export const ZDelegateSchema = z.object({
  reason: z.string().trim().min(2).max(500),
  /** 下放 to whom, e.g. 各乡镇人民政府 */
  to: z.string().trim().min(2).max(100),
  level: z.number().int().min(4).max(6),
  /** The receiving body's 统一社会信用代码 and 6-digit division, for its implementation code (read from the department of that name when left out). */
  creditCode: z.string().trim().toUpperCase().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, '应为 18 位统一社会信用代码').optional(),
  regionCode: z.string().regex(/^\d{6}$/, '应为 6 位行政区划代码').optional(),
});

export const ZItemByCode = z
  .object({
    itemId: z.number(),
    name: z.string(),
    code: z.string().meta({ description: 'the current implementation code' }),
    status: z.enum(['draft', 'published', 'suspended', 'cancelled']),
    former: z.boolean().meta({ description: 'the code asked for is one the item carried before 下放 / 承接' }),
    history: z.array(z.object({ code: z.string(), replacedBy: z.string(), action: z.enum(['delegate', 'take_over']), actionName: z.string(), replacedAt: z.string() })),
  })
  .meta({ id: 'ItemByCode' });
export const ZTakeOverSchema = z.object({ reason: z.string().trim().min(2).max(500), from: z.string().trim().min(2).max(100) });

export const ZVersionSchema = z.object({
  id: z.number(),
  versionNo: z.number(),
  action: z.string(),
  reason: z.string(),
  actorName: z.string().nullable(),
  createdAt: z.string(),
});
export type TVersion = z.infer<typeof ZVersionSchema>;

export const ZVersionListSchema = z.object({ versions: z.array(ZVersionSchema) });
export type TVersionList = z.infer<typeof ZVersionListSchema>;

/** A suggested implementation code (实施编码) for a new item. */
export const ZItemCodeSchema = z.object({ code: z.string() });
export type TItemCode = z.infer<typeof ZItemCodeSchema>;

export const ZStatsSchema = z
  .object({
    total: z.number().meta({ description: 'published, in-force items' }),
    byType: z.array(z.object({ itemType: z.string(), name: z.string(), count: z.number() })),
    byDepartment: z.array(z.object({ departmentId: z.number(), name: z.string(), count: z.number() })),
    /** Items whose both limits are in working days (the only ones that compare). */
    comparable: z.number(),
    averageLegalDays: z.number().nullable(),
    averagePromisedDays: z.number().nullable(),
    totalLegalDays: z.number(),
    totalPromisedDays: z.number(),
    compressionRate: z.number().nullable().meta({ description: '1 − promised/legal over comparable items' }),
    withinFiveDaysRate: z.number().nullable(),
    immediateRate: z.number().nullable(),
    zeroTripRate: z.number().nullable(),
    atMostOneTripRate: z.number().nullable(),
    fullyOnlineRate: z.number().nullable(),
  })
  .meta({ id: 'CatalogStats' });
export type TStats = z.infer<typeof ZStatsSchema>;

/** 时限压缩（轮次对比）: the two dates whose catalogues are compared. */
export const ZCompressionQuerySchema = z.object({
  from: z.iso.date('日期格式应为 YYYY-MM-DD').meta({ description: '对比起点（旧一轮目录）的日期，取当日终了时的目录' }),
  to: z.iso.date('日期格式应为 YYYY-MM-DD').meta({ description: '对比终点（新一轮目录）的日期，取当日终了时的目录' }),
});
export type TCompressionQuery = z.infer<typeof ZCompressionQuerySchema>;

/** The catalogue in force at the end of one date, from the item versions. */
export const ZCatalogueRound = z.object({
  date: z.string(),
  items: z.number().meta({ description: '事项数: items published at the end of the date' }),
  counted: z.number().meta({ description: '承诺时限以工作日计（当场办结计 0）的事项数: what the totals and averages count' }),
  totalPromisedDays: z.number().meta({ description: '承诺时限总和（工作日）' }),
  averagePromisedDays: z.number().nullable().meta({ description: '平均承诺时限（工作日）' }),
  withinFiveDays: z.number().meta({ description: '承诺时限在 5 个工作日以内（含当场、按小时）的事项数' }),
  withinFiveDaysRate: z.number().nullable().meta({ description: 'withinFiveDays ÷ items' }),
  comparable: z.number().meta({ description: '法定、承诺时限均以工作日计的事项数' }),
  totalLegalDays: z.number().meta({ description: '法定时限总和（工作日，comparable items）' }),
  comparablePromisedDays: z.number().meta({ description: '承诺时限总和（工作日，comparable items）' }),
  compressionRate: z.number().nullable().meta({ description: '较法定时限压缩 = 1 − promised ÷ legal over comparable items' }),
});
export type TCatalogueRound = z.infer<typeof ZCatalogueRound>;

/** 承诺时限压缩: two catalogue rounds side by side, and what changed between them. */
export const ZCompressionSchema = z
  .object({
    from: ZCatalogueRound,
    to: ZCatalogueRound,
    change: z.object({
      promisedDays: z.number().meta({ description: '承诺时限总和的变化（工作日，负数为压缩）' }),
      promisedDaysRate: z.number().nullable().meta({ description: '承诺时限总和的变化幅度 = (to − from) ÷ from' }),
      averagePromisedDays: z.number().nullable().meta({ description: '平均承诺时限的变化（工作日）' }),
      withinFiveDaysRate: z.number().nullable().meta({ description: '5 个工作日以内占比的变化' }),
    }),
  })
  .meta({ id: 'CatalogCompression' });
export type TCompression = z.infer<typeof ZCompressionSchema>;

/** One bad cell of an imported workbook: `field` names it as a spreadsheet does (事项!C5). */
export const ZImportProblem = z.object({
  field: z.string(),
  sheet: z.string(),
  row: z.number(),
  column: z.string(),
  header: z.string(),
  value: z.string().describe('the cell as written'),
  message: z.string(),
});

export const ZImportQuerySchema = z.object({
  dryRun: z.enum(['true', 'false']).default('false').describe('true: check only, write nothing, answer the report'),
  mode: z
    .enum(['all', 'valid'])
    .default('all')
    .describe('all: a bad cell stops the whole file (400 with one detail per cell); valid: import the rows without problems and list the others'),
});
export type TImportQuery = z.infer<typeof ZImportQuerySchema>;

/** 目录导入的报告: every bad cell, which rows were left out, and what was (or would be) written. */
export const ZImportReport = z
  .object({
    ok: z.boolean().describe('the file has no problem at all'),
    dryRun: z.boolean().describe('nothing was written; the counts say what importing the valid rows would do'),
    written: z.boolean(),
    created: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    departmentsCreated: z.number(),
    skippedRows: z.array(z.number()).describe('rows of the 事项 sheet not imported'),
    problems: z.array(ZImportProblem),
  })
  .meta({ id: 'CatalogImportReport' });
export type TImportReport = z.infer<typeof ZImportReport>;
export type TImportProblem = z.infer<typeof ZImportProblem>;

export const ZThemesSchema = z.object({
  themes: z.array(z.object({ name: z.string(), audience: z.enum(['natural', 'legal']), count: z.number() })),
  itemTypes: z.array(z.object({ code: z.string(), name: z.string() })),
});
export type TThemes = z.infer<typeof ZThemesSchema>;
