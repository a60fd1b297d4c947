import { z } from 'zod';
import { ZId } from '../../http/params.js';

const ZLight = z.enum(['green', 'yellow', 'red', 'grey']);

/** The four stages of 工程建设项目审批 (国办发〔2019〕11号). */
export const STAGE_NAMES = { 1: '立项用地规划许可', 2: '工程建设许可', 3: '施工许可', 4: '竣工验收' } as const;

/** 国家投资项目代码: 年份-行政区划-行业-类型-流水号. */
export const PROJECT_CODE = /^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$/;
/** 项目类型: 01 审批, 02 核准, 03 备案. */
export const ZProjectType = z.enum(['01', '02', '03']);

export const ZProjectIdParams = z.object({ id: ZId });

export const ZRegisterProjectRequest = z.object({
  name: z.string().trim().min(2).max(200),
  ownerId: z.number().int().positive().meta({ description: 'the owner (建设单位), a legal-person applicant' }),
  location: z.string().trim().min(2).max(200),
  investmentWan: z.number().min(0).max(1e10),
  industryCode: z.string().regex(/^\d{2}$/, '行业代码为 2 位数字'),
  projectType: ZProjectType.default('03'),
  keyProject: z.boolean().default(false),
  agentId: z.number().int().positive().optional().meta({ description: '代办员 named for a key project' }),
});

export const ZOpenStageRequest = z.object({
  formData: z.record(z.string(), z.unknown()),
  optionalItemIds: z.array(z.number().int().positive()).max(50).optional(),
  commitment: z.string().trim().min(10).max(2000).optional().meta({ description: '容缺承诺: opens this stage before the previous one completes' }),
});

const ZCell = z.object({
  departmentId: z.number(),
  departmentName: z.string(),
  caseId: z.string(),
  itemName: z.string(),
  status: z.string().meta({ description: "the child case's status (accepted = still with the department)" }),
  statusLabel: z.string(),
  assigneeId: z.number().nullable(),
  light: ZLight.nullable(),
  usedWorkdays: z.number(),
  late: z.boolean(),
});

export const ZProjectStage = z.object({
  stageNo: z.number(),
  name: z.string(),
  status: z.enum(['waiting', 'open', 'completed']),
  statusLabel: z.string(),
  limitDays: z.number(),
  jointApplicationId: z.string().nullable(),
  jointStatus: z.string().nullable(),
  dueDate: z.string().nullable(),
  elapsedWorkdays: z.number(),
  workdaysLeft: z.number().nullable(),
  light: ZLight.nullable(),
  commitment: z.string().nullable(),
  bottleneck: z.object({ departmentName: z.string(), itemName: z.string(), late: z.boolean() }).nullable(),
  cells: z.array(ZCell),
});

export const ZProject = z
  .object({
    id: z.number(),
    code: z.string(),
    name: z.string(),
    ownerName: z.string(),
    location: z.string(),
    investmentWan: z.number(),
    keyProject: z.boolean(),
    agentName: z.string().nullable(),
    limitDays: z.number(),
    elapsedWorkdays: z.number(),
    light: ZLight.nullable(),
    bottleneck: z.object({ stageNo: z.number(), departmentName: z.string(), itemName: z.string(), late: z.boolean() }).nullable().meta({ description: '短板部门 of the project' }),
    stages: z.array(ZProjectStage),
  })
  .meta({ id: 'Project' });
export type TProject = z.infer<typeof ZProject>;
export const ZProjectList = z.object({ projects: z.array(ZProject) });
export type TProjectList = z.infer<typeof ZProjectList>;
export const ZProjectOne = z.object({ project: ZProject });
export type TProjectOne = z.infer<typeof ZProjectOne>;

export const ZJointReviewRequest = z.object({
  kind: z.enum(['drawing_review', 'completion_acceptance']),
  title: z.string().trim().min(2).max(200),
  heldOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  departmentIds: z.array(z.number().int().positive()).min(2, '联合图审/验收至少两个部门').max(30),
});
export type TJointReviewRequest = z.infer<typeof ZJointReviewRequest>;
export const ZSignOpinionRequest = z.object({ conclusion: z.enum(['pass', 'pass_with_conditions', 'fail']), opinion: z.string().trim().min(2).max(2000) });
export type TSignOpinionRequest = z.infer<typeof ZSignOpinionRequest>;

export const ZJointReview = z.object({
  id: z.number(),
  projectId: z.number(),
  kind: z.enum(['drawing_review', 'completion_acceptance']),
  kindLabel: z.string(),
  title: z.string(),
  heldOn: z.string(),
  closed: z.boolean(),
  opinions: z.array(z.object({ departmentId: z.number(), departmentName: z.string(), conclusion: z.string().nullable(), conclusionLabel: z.string().nullable(), opinion: z.string().nullable(), signedBy: z.string().nullable(), signedAt: z.string().nullable() })),
});
export type TJointReview = z.infer<typeof ZJointReview>;
export const ZJointReviewOne = z.object({ review: ZJointReview });
export type TJointReviewOne = z.infer<typeof ZJointReviewOne>;
export const ZJointReviewList = z.object({ reviews: z.array(ZJointReview) });
export type TJointReviewList = z.infer<typeof ZJointReviewList>;
/** A project with the joint records (联合图审 / 联合验收) organised for it. */
export const ZProjectView = z.object({ project: ZProject, reviews: z.array(ZJointReview) });
export type TProjectView = z.infer<typeof ZProjectView>;

export const ZMeetingRequest = z.object({
  title: z.string().trim().min(2).max(200),
  heldOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  departmentIds: z.array(z.number().int().positive()).min(2).max(30),
  projectIds: z.array(z.number().int().positive()).max(30).default([]),
  minutes: z.string().trim().min(2).max(20000),
  decisions: z
    .array(
      z.object({
        caseId: z.uuid(),
        decision: z.enum(['approve', 'deny']),
        opinion: z.string().trim().min(2).max(2000),
        representativeId: z.number().int().positive().optional().meta({ description: "default: the case's assignee, else the department's 首席代表, else its reviewer with the fewest open cases" }),
      }),
    )
    .min(1)
    .max(50),
});
export type TMeetingRequest = z.infer<typeof ZMeetingRequest>;

export const ZMeeting = z.object({
  id: z.number(),
  title: z.string(),
  heldOn: z.string(),
  departments: z.array(z.string()),
  projects: z.array(z.string()),
  minutes: z.string(),
  decisions: z.array(z.object({ caseId: z.string(), caseNumber: z.string(), itemName: z.string(), departmentName: z.string(), decision: z.enum(['approve', 'deny']), opinion: z.string(), decidedBy: z.string() })),
});
export type TMeeting = z.infer<typeof ZMeeting>;
export const ZMeetingOne = z.object({ meeting: ZMeeting });
export type TMeetingOne = z.infer<typeof ZMeetingOne>;

export const ZStageFigures = z
  .object({
    month: z.string(),
    stages: z.array(
      z.object({
        stageNo: z.number(),
        name: z.string(),
        completedApplications: z.number(),
        avgWorkdays: z.number().nullable(),
        departments: z.array(z.object({ departmentId: z.number(), departmentName: z.string(), decidedCases: z.number(), workdaysUsed: z.number(), avgWorkdays: z.number().nullable(), lateCases: z.number() })),
      }),
    ),
    joint: z.object({ completedApplications: z.number(), onTime: z.number(), late: z.number() }).meta({ description: '联办件 (bundles and stages) completed in the month' }),
  })
  .meta({ id: 'StageFigures' });
export type TStageFigures = z.infer<typeof ZStageFigures>;
