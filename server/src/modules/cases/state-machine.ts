import type { CaseStatus, ClockStopKind, Role } from '../../db/schema.js';

/** Chinese labels shown to people; the English codes are what the API and database carry. */
export const STATUS_LABELS: Record<CaseStatus, string> = {
  submitted: '待受理',
  correction_required: '待补正',
  accepted: '已受理（审查中）',
  refused: '不予受理',
  approved: '准予许可（待出件）',
  denied: '不予许可（待送达）',
  completed: '已办结',
  withdrawn: '已撤回',
};

/** Every step a case's timeline can hold: its own moves (TRANSITIONS, 'submit') and the recorded ones. */
export type CaseAction =
  | 'submit'
  | 'request_correction'
  | 'resubmit'
  | 'accept'
  | 'refuse'
  | 'approve'
  | 'deny'
  | 'issue'
  | 'withdraw'
  | 'stop_clock'
  | 'resume_clock'
  | 'request_extension'
  | 'approve_extension'
  | 'reject_extension'
  | 'claim'
  | 'complete_review'
  | 'countersign'
  | 'decide_on_spot'
  | 'choose_delivery'
  | 'deem_accept'
  | RecordedAction;

export const ACTION_LABELS: Record<CaseAction, string> = {
  submit: '提交申请',
  request_correction: '一次性告知补正',
  resubmit: '补正后重新提交',
  accept: '受理',
  refuse: '不予受理',
  approve: '审批通过（准予）',
  deny: '审批不通过（不予）',
  issue: '出件办结',
  withdraw: '申请人撤回',
  stop_clock: '中止计时',
  resume_clock: '恢复计时',
  request_extension: '申请延期',
  approve_extension: '批准延期',
  reject_extension: '驳回延期',
  claim: '认领办件',
  complete_review: '审查完成',
  countersign: '会签',
  recompute_deadline: '节假日安排公布，重新计算期限',
  decide_on_spot: '即办件当场受理并准予',
  choose_delivery: '选择送达方式',
  warn_yellow: '黄灯预警',
  warn_red: '红灯超期',
  directive: '督办',
  directive_reply: '督办回复',
  directive_escalated: '督办逾期未复，已升级',
  fee_notice: '开具缴款通知书',
  fee_paid: '已缴费',
  fee_exempted: '费用减免',
  verify_material: '核验材料',
  material_overdue: '容缺材料逾期未补交',
  deem_accept: '五个工作日内未告知补正，依法视为受理',
  warn_delivery_yellow: '送达期限黄灯预警',
  warn_delivery_red: '超过送达期限（红灯）',
};

/**
 * Who took a step nobody took by hand, in words (the timeline never says "system"). The law
 * itself accepts an application left unanswered for five working days (art. 32).
 */
export const SYSTEM_ACTOR_NAMES: Partial<Record<CaseAction, string>> = {
  deem_accept: '系统（依法视为受理）',
};

/** Steps written by the system or by supervision, beside the case's own moves. */
export type RecordedAction =
  | 'recompute_deadline'
  | 'warn_yellow'
  | 'warn_red'
  | 'directive'
  | 'directive_reply'
  | 'directive_escalated'
  | 'fee_notice'
  | 'fee_paid'
  | 'fee_exempted'
  | 'verify_material'
  | 'material_overdue'
  | 'warn_delivery_yellow'
  | 'warn_delivery_red';

/**
 * Why a clock stopped, in words. 补正 waits for the applicant (only where the item's own rules
 * provide it); the rest are the 特别程序 of 行政许可法 art. 45, the only time the law leaves out of
 * the limit. 现场勘查 and 其他 are kept for stops recorded before that list was enforced.
 */
export const STOP_KIND_LABELS = {
  correction: '补正材料',
  hearing: '听证',
  tender: '招标',
  auction: '拍卖',
  examination: '检验',
  testing: '检测',
  quarantine: '检疫',
  appraisal: '鉴定',
  expert_review: '专家评审',
  inspection: '现场勘查（旧记录；现场勘查计入办理时限）',
  other: '其他特别程序（旧记录）',
} as const satisfies Record<ClockStopKind, string>;

/** 特别程序 of art. 45: a stop for one of these is told to the applicant in writing (特别程序告知书). */
export const SPECIAL_PROCEDURES = ['hearing', 'tender', 'auction', 'examination', 'testing', 'quarantine', 'appraisal', 'expert_review'] as const;
export type SpecialProcedure = (typeof SPECIAL_PROCEDURES)[number];

/** What a new stop may be for: the art. 45 grounds, and 补正 where the item provides it. */
export const STOP_GROUNDS = ['correction', ...SPECIAL_PROCEDURES] as const;
export type StopGround = (typeof STOP_GROUNDS)[number];

export function isSpecialProcedure(kind: unknown): kind is SpecialProcedure {
  return (SPECIAL_PROCEDURES as readonly unknown[]).includes(kind);
}

interface Transition {
  from: readonly CaseStatus[];
  /** 'same' for clock changes that leave the case's status as it is. */
  to: CaseStatus | 'same';
  roles: readonly Role[];
  /** Taken by the law itself, without anyone's hand (transitionBySystemIn); no role may take it. */
  bySystem?: true;
  /** Said when the case is in another state; plain words for the person at the screen. */
  wrongState: string;
}

/**
 * Every allowed move of a case. 接办分离: clerks accept and issue, department reviewers decide;
 * nobody else moves a case.
 */
// 'recompute_deadline' is the system's own step (a schedule arrived), never a person's.
export const TRANSITIONS: Record<Exclude<CaseAction, 'submit' | RecordedAction>, Transition> = {
  request_correction: {
    from: ['submitted'],
    to: 'correction_required',
    roles: ['clerk'],
    wrongState: '只有待受理的办件可以要求补正',
  },
  resubmit: {
    from: ['correction_required'],
    to: 'submitted',
    roles: ['applicant'],
    wrongState: '只有待补正的办件可以重新提交',
  },
  accept: { from: ['submitted'], to: 'accepted', roles: ['clerk'], wrongState: '只有待受理的办件可以受理' },
  refuse: { from: ['submitted'], to: 'refused', roles: ['clerk'], wrongState: '只有待受理的办件可以不予受理' },
  // Which of them signs a given step is the item's chain's business (review.ts).
  approve: { from: ['accepted'], to: 'approved', roles: ['reviewer', 'department_head'], wrongState: '只有已受理的办件可以作出决定' },
  deny: { from: ['accepted'], to: 'denied', roles: ['reviewer', 'department_head'], wrongState: '只有已受理的办件可以作出决定' },
  issue: {
    from: ['approved', 'denied'],
    to: 'completed',
    roles: ['clerk'],
    wrongState: '只有已作出决定的办件可以出件',
  },
  withdraw: {
    from: ['submitted', 'correction_required', 'accepted'],
    to: 'withdrawn',
    roles: ['applicant'],
    wrongState: '已作出决定的办件不能撤回',
  },
  stop_clock: { from: ['accepted'], to: 'same', roles: ['reviewer'], wrongState: '只有审查中的办件可以中止计时' },
  resume_clock: { from: ['accepted'], to: 'same', roles: ['reviewer'], wrongState: '只有审查中的办件可以恢复计时' },
  request_extension: { from: ['accepted'], to: 'same', roles: ['reviewer'], wrongState: '只有审查中的办件可以申请延期' },
  // Art. 42: the head of the organ (or, for joint handling, of the government) approves; the case
  // says which (extensions.ts), and supervision only watches.
  approve_extension: { from: ['accepted'], to: 'same', roles: ['department_head', 'government_head'], wrongState: '只有审查中的办件可以批准延期' },
  reject_extension: { from: ['accepted'], to: 'same', roles: ['department_head', 'government_head'], wrongState: '只有审查中的办件可以驳回延期' },
  claim: { from: ['accepted'], to: 'same', roles: ['reviewer'], wrongState: '只有已受理的办件可以认领' },
  complete_review: { from: ['accepted'], to: 'same', roles: ['reviewer', 'department_head'], wrongState: '只有审查中的办件可以完成审查' },
  countersign: { from: ['accepted'], to: 'same', roles: ['reviewer', 'department_head'], wrongState: '只有审查中的办件可以会签' },
  decide_on_spot: { from: ['submitted'], to: 'approved', roles: ['clerk'], wrongState: '只有待受理的即办件可以当场办结' },
  // Art. 32: unanswered for five working days, an application counts as accepted from receipt.
  deem_accept: { from: ['submitted'], to: 'accepted', roles: [], bySystem: true, wrongState: '只有待受理的办件可以依法视为受理' },
  choose_delivery: {
    from: ['submitted', 'correction_required', 'accepted', 'approved', 'denied'],
    to: 'same',
    roles: ['applicant'],
    wrongState: '办件已办结，不能再更改送达方式',
  },
};


export const OPEN_STATUSES: readonly CaseStatus[] = ['submitted', 'correction_required', 'accepted', 'approved', 'denied'];
