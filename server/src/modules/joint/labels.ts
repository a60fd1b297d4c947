import type { JointStatus } from '../../db/schema.js';

export const JOINT_STATUS_LABELS: Record<JointStatus, string> = {
  submitted: '待受理',
  correction_required: '待补正',
  accepted: '并联审批中',
  refused: '不予受理',
  completed: '已统一出件',
  withdrawn: '已撤回',
};

export const JOINT_ACTION_LABELS: Record<string, string> = {
  submit: '提交联办申请',
  request_correction: '一次性告知补正（受理前）',
  resubmit: '补正后重新提交',
  accept: '一窗受理，抄告各部门',
  refuse: '不予受理',
  department_correction: '部门提出补正（合并告知）',
  answer_correction: '申请人一次补正',
  issue: '统一出件',
  withdraw: '申请人撤回',
  request_extension: '申请延长联办期限',
  approve_extension: '本级人民政府负责人批准延期',
  reject_extension: '驳回延期申请',
  meeting_decision: '联审会议决定',
  upload_material: '上传材料（一次提交，各事项共用）',
};
