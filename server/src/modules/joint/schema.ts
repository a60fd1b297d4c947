import { z } from 'zod';
import { ZId, queryInt } from '../../http/params.js';

const ZLight = z.enum(['green', 'yellow', 'red', 'grey']);
export const ZJointStatus = z.enum(['submitted', 'correction_required', 'accepted', 'refused', 'completed', 'withdrawn']);

export const ZJointIdParams = z.object({ id: z.uuid('联办件编号格式不正确') });
export const ZBundleIdParams = z.object({ id: ZId });

const ZFormField = z.object({
  key: z.string(),
  label: z.string(),
  type: z.string(),
  required: z.boolean(),
  options: z.array(z.string()).optional(),
  maxLength: z.number().optional(),
});

export const ZBundle = z
  .object({
    id: z.number(),
    code: z.string(),
    name: z.string(),
    description: z.string(),
    kind: z.enum(['bundle', 'stage']),
    stageNo: z.number().nullable(),
    target: z.enum(['natural', 'legal', 'both']),
    promisedLimitDays: z.number().meta({ description: '承诺时限 of the whole bundle, working days' }),
    legalLimitDays: z.number().meta({ description: 'art. 26/42: 45 working days' }),
    formFields: z.array(ZFormField).meta({ description: '一表通: the one form' }),
    members: z.array(
      z.object({
        itemId: z.number(),
        itemName: z.string(),
        itemCode: z.string(),
        departmentName: z.string(),
        required: z.boolean(),
        condition: z.object({ field: z.string(), value: z.string() }).nullable(),
        promisedLimitDays: z.number(),
      }),
    ),
    materials: z.array(z.object({ name: z.string(), requirement: z.string(), itemNames: z.array(z.string()) })).meta({ description: 'combined list: each material once' }),
    savings: z.object({ forms: z.number(), questionsAsked: z.number(), questionsReplaced: z.number() }),
    resultKind: z.string().nullable(),
  })
  .meta({ id: 'Bundle' });
export type TBundle = z.infer<typeof ZBundle>;
export const ZBundleList = z.object({ bundles: z.array(ZBundle) });
export type TBundleList = z.infer<typeof ZBundleList>;
export const ZBundleOne = z.object({ bundle: ZBundle });
export type TBundleOne = z.infer<typeof ZBundleOne>;

export const ZSubmitJointRequest = z.object({
  bundleId: z.number().int().positive(),
  formData: z.record(z.string(), z.unknown()),
  optionalItemIds: z.array(z.number().int().positive()).max(50).optional(),
  applicantId: z.number().int().positive().optional().meta({ description: 'agent only: the client (委托人)' }),
});

export const ZJointWalkInRequest = z.object({
  applicant: z.object({
    kind: z.enum(['natural', 'legal']),
    name: z.string().trim().min(2).max(100),
    identityNumber: z.string().trim().min(18).max(18),
    phone: z.string().regex(/^1[3-9]\d{9}$/, '应为 11 位手机号'),
  }),
  bundleId: z.number().int().positive(),
  formData: z.record(z.string(), z.unknown()),
  optionalItemIds: z.array(z.number().int().positive()).max(50).optional(),
  acceptNow: z.boolean().default(true),
});

export const ZJointCorrectionRequest = z.object({
  missing: z.array(z.string().trim().min(1).max(500)).min(1, '请列出需要补正的全部材料或内容').max(50),
  note: z.string().trim().max(2000).optional(),
});
export const ZAnswerCorrectionRequest = z.object({
  note: z.string().trim().min(2, '请说明补正内容').max(2000),
  formData: z.record(z.string(), z.unknown()).optional(),
});
export const ZResubmitJointRequest = z.object({ formData: z.record(z.string(), z.unknown()).optional() });
export const ZRefuseJointRequest = z.object({ reason: z.string().trim().min(2, '请填写不予受理理由').max(2000) });
export const ZIssueJointRequest = z.object({
  delivery: z.object({ method: z.enum(['window', 'post']), courier: z.string().trim().max(50).optional(), trackingNumber: z.string().trim().max(50).optional() }),
});
export const ZJointExtensionRequest = z.object({ workdays: z.number().int().min(1).max(15), reason: z.string().trim().min(2).max(2000) });
export const ZPendingJointExtension = z
  .object({
    id: z.number(),
    workdays: z.number(),
    reason: z.string(),
    requestedAt: z.string(),
    requesterName: z.string(),
    jointApplicationId: z.string(),
    number: z.string(),
    bundleName: z.string(),
    keyProject: z.boolean().meta({ description: '重点项目 (绿色通道): listed first' }),
    dueDate: z.string().nullable(),
    legalDueDate: z.string().nullable(),
    extensionWorkdays: z.number().meta({ description: 'working days already granted' }),
    maxExtensionWorkdays: z.number(),
  })
  .meta({ id: 'PendingJointExtension' });
export type TPendingJointExtension = z.infer<typeof ZPendingJointExtension>;
export const ZPendingJointExtensionList = z.object({ extensions: z.array(ZPendingJointExtension) });
export type TPendingJointExtensionList = z.infer<typeof ZPendingJointExtensionList>;
export const ZJointExtensionDecision = z.object({ approve: z.boolean(), note: z.string().trim().max(2000).optional() });

export const ZChildView = z.object({
  caseId: z.string(),
  number: z.string(),
  itemName: z.string(),
  departmentName: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  light: ZLight.nullable(),
  dueDate: z.string().nullable(),
  workdaysLeft: z.number().nullable(),
  usedWorkdays: z.number(),
  share: z.number().meta({ description: "share of the joint clock's elapsed working days" }),
  late: z.boolean(),
  clockStopped: z.boolean(),
});

export const ZJointSummary = z
  .object({
    id: z.string(),
    number: z.string(),
    bundleId: z.number(),
    bundleName: z.string(),
    status: ZJointStatus,
    statusLabel: z.string(),
    applicantName: z.string(),
    agentName: z.string().nullable(),
    channel: z.enum(['online', 'window']),
    priority: z.boolean().meta({ description: '绿色通道: a key project, first in every queue' }),
    projectId: z.number().nullable(),
    submittedAt: z.string(),
    acceptedAt: z.string().nullable(),
    dueDate: z.string().nullable(),
    legalDueDate: z.string().nullable(),
    workdaysLeft: z.number().nullable(),
    light: ZLight.nullable(),
    childCount: z.number(),
    decidedCount: z.number(),
    bottleneck: z.object({ departmentName: z.string(), itemName: z.string(), late: z.boolean() }).nullable().meta({ description: '短板部门' }),
  })
  .meta({ id: 'JointSummary' });
export type TJointSummary = z.infer<typeof ZJointSummary>;
export const ZJointSummaryList = z.object({ applications: z.array(ZJointSummary) });
export type TJointSummaryList = z.infer<typeof ZJointSummaryList>;

const ZResultItem = z.object({ itemName: z.string(), departmentName: z.string(), caseNumber: z.string() });
/** 统一出件: the items approved and denied, the business licence (企业开办) and the electronic licences issued with them. */
export const ZJointResult = z.object({
  approvedItems: z.array(ZResultItem),
  deniedItems: z.array(ZResultItem),
  licence: z
    .object({
      title: z.string(),
      creditCode: z.string(),
      name: z.string(),
      type: z.string(),
      legalRepresentative: z.string(),
      registeredCapital: z.string().nullable(),
      address: z.string(),
      scope: z.string(),
      establishedOn: z.string(),
      records: z.array(ZResultItem).meta({ description: '多证合一: the records made at the same time, printed on the reverse' }),
    })
    .optional(),
  electronicLicences: z.array(z.object({ id: z.string(), caseNumber: z.string(), itemName: z.string(), identifier: z.string(), number: z.string() })).optional(),
});
export type TJointResult = z.infer<typeof ZJointResult>;

export const ZJointDetail = ZJointSummary.extend({
  formData: z.record(z.string(), z.unknown()).meta({ description: 'phones and ID numbers masked' }),
  formFields: z.array(ZFormField),
  members: z.array(z.object({ itemId: z.number(), itemName: z.string(), departmentName: z.string(), required: z.boolean() })),
  materials: z.array(z.object({ name: z.string(), requirement: z.string(), itemNames: z.array(z.string()) })),
  uploads: z
    .array(z.object({ id: z.string(), name: z.string(), originalName: z.string(), contentType: z.string(), sizeBytes: z.number(), uploadedAt: z.string(), caseCount: z.number() }))
    .meta({ description: '材料一次提交: each upload once, and how many child cases it was attached to' }),
  children: z.array(ZChildView),
  clock: z.object({
    promisedLimitDays: z.number(),
    legalLimitDays: z.number(),
    extensionWorkdays: z.number(),
    maxExtensionWorkdays: z.number(),
    stoppedWorkdays: z.number(),
    elapsedWorkdays: z.number(),
    stopped: z.boolean(),
    pendingExtension: z.object({ id: z.number(), workdays: z.number(), reason: z.string() }).nullable(),
  }),
  correction: z
    .object({ openedAt: z.string(), requests: z.array(z.object({ caseId: z.string(), departmentName: z.string(), itemName: z.string(), missing: z.array(z.string()) })) })
    .nullable()
    .meta({ description: 'the one merged correction notice' }),
  result: ZJointResult.nullable(),
  refusalReason: z.string().nullable(),
  events: z.array(z.object({ at: z.string(), action: z.string(), actionLabel: z.string(), actorName: z.string().nullable(), onBehalfOf: z.string().nullable(), note: z.string().nullable(), data: z.record(z.string(), z.unknown()) })),
}).meta({ id: 'JointDetail' });
export type TJointDetail = z.infer<typeof ZJointDetail>;
/** What every step of a joint application answers: the application as it now stands. */
export const ZJointApplication = z.object({ application: ZJointDetail });
export type TJointApplication = z.infer<typeof ZJointApplication>;

export const ZSiblingView = z
  .object({
    jointApplicationId: z.string(),
    number: z.string(),
    bundleName: z.string(),
    dueDate: z.string().nullable(),
    light: ZLight.nullable(),
    siblings: z.array(
      z.object({ own: z.boolean(), itemName: z.string(), departmentName: z.string(), statusLabel: z.string(), light: ZLight.nullable(), workdaysLeft: z.number().nullable() }),
    ),
  })
  .meta({ id: 'JointSiblings', description: "A department's view: only the siblings' status, never their details" });
export type TSiblingView = z.infer<typeof ZSiblingView>;
export const ZCaseJoint = z.object({ joint: ZSiblingView });
export type TCaseJoint = z.infer<typeof ZCaseJoint>;

/** 材料一次提交: the stored file and the child cases it was attached to. */
export const ZJointMaterialUploaded = z.object({ id: z.string(), attachedTo: z.array(z.string()) });
export type TJointMaterialUploaded = z.infer<typeof ZJointMaterialUploaded>;

export const ZJointMaterialParams = ZJointIdParams.extend({ materialId: z.uuid('材料编号格式不正确') });

export const ZJointListQuery = z.object({
  status: z.string().optional().transform((v) => (v ? v.split(',') : undefined)).pipe(z.array(ZJointStatus).optional()),
  limit: queryInt(1, 100).default(50),
});
