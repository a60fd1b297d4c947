import { z } from 'zod';
import type { ReviewChain } from '../../db/schema.js';

/** Labels of the step kinds, as the catalogue and the timeline print them. */
export const REVIEW_STEP_KIND_LABELS = {
  handle: '承办',
  check: '审核',
  approve: '批准',
  inspection: '现场勘查',
  expert_review: '专家评审',
  collective: '集体讨论',
  countersign: '会签',
} as const;

export const ZReviewChainStep = z.object({
  key: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,29}$/, '环节键应为小写字母开头的字母、数字或下划线')
    .meta({ description: 'Stable key: review, check, decision …' }),
  label: z.string().trim().min(1).max(20).meta({ description: '承办 / 审核 / 批准 …' }),
  kind: z.enum(['handle', 'check', 'approve', 'inspection', 'expert_review', 'collective', 'countersign']),
  role: z.enum(['reviewer', 'department_head']).meta({ description: 'reviewer = 审批人员, department_head = 部门负责人' }),
  decides: z.boolean().optional().meta({ description: 'The step that grants or denies: exactly one, the last' }),
  skippableForImmediate: z.boolean().optional().meta({ description: '即办件 skip this step' }),
  departments: z.array(z.number().int().positive()).max(20).optional().meta({ description: '会签: each of these departments signs' }),
});

export const ZReviewChain = z
  .object({
    steps: z.array(ZReviewChainStep).min(1).max(10),
    distinctPersons: z.boolean().default(false).meta({ description: 'Each step by a different person' }),
  })
  .meta({ id: 'ReviewChain' });

/** The chain every item had before chains existed: 审查 then 决定 by the reviewer who claimed it. */
export const DEFAULT_REVIEW_CHAIN: ReviewChain = {
  distinctPersons: false,
  steps: [
    { key: 'review', label: '审查', kind: 'handle', role: 'reviewer' },
    { key: 'decision', label: '决定', kind: 'approve', role: 'reviewer', decides: true },
  ],
};

/** 承办 → 审核 → 批准 by three people, the head signing the decision. */
export const THREE_STEP_CHAIN: ReviewChain = {
  distinctPersons: true,
  steps: [
    { key: 'handle', label: '承办', kind: 'handle', role: 'reviewer' },
    { key: 'check', label: '审核', kind: 'check', role: 'reviewer', skippableForImmediate: true },
    { key: 'approve', label: '批准', kind: 'approve', role: 'department_head', decides: true },
  ],
};

/**
 * What makes a chain runnable, in words for the catalogue editor: unique keys, exactly one
 * deciding step and it last (nothing follows a decision), 会签 names its departments, the first
 * step is a reviewer's (the one who claims the case) and the deciding step is never skipped.
 */
export function chainProblems(chain: ReviewChain): string[] {
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const step of chain.steps) {
    if (keys.has(step.key)) problems.push(`审批环节键「${step.key}」重复`);
    keys.add(step.key);
    if (step.kind === 'countersign' && !step.departments?.length) problems.push(`会签环节「${step.label}」应列出会签部门`);
    if (step.kind !== 'countersign' && step.departments?.length) problems.push(`只有会签环节可以列出会签部门（「${step.label}」）`);
  }
  const deciding = chain.steps.filter((s) => s.decides);
  if (deciding.length !== 1) problems.push('审批链应有且只有一个作出决定的环节');
  else if (!chain.steps.at(-1)!.decides) problems.push('作出决定的环节应为最后一个环节');
  if (deciding[0]?.skippableForImmediate) problems.push('作出决定的环节不能跳过');
  if (chain.steps[0]!.role !== 'reviewer' || chain.steps[0]!.kind === 'countersign') problems.push('第一个环节应由认领办件的审批人员承办');
  return problems;
}

/** The chain a case runs: an 即办件 leaves out the steps marked skippable. */
export function chainForCase(chain: ReviewChain, itemKind: 'immediate' | 'promised'): ReviewChain {
  if (itemKind !== 'immediate') return chain;
  return { ...chain, steps: chain.steps.filter((s) => !s.skippableForImmediate) };
}
