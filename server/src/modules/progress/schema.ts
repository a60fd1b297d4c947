import { z } from 'zod';
import { ZCaseStatus } from '../cases/schema.js';

/** 办件进度查询 as anyone holding the number and the query code sees it. */
export const ZProgress = z
  .object({
    number: z.string(),
    itemName: z.string(),
    departmentName: z.string(),
    status: ZCaseStatus,
    statusLabel: z.string(),
    submittedAt: z.string(),
    dueDate: z.string().nullable(),
    completedAt: z.string().nullable(),
    steps: z.array(z.object({ at: z.string(), action: z.string(), label: z.string(), status: ZCaseStatus, statusLabel: z.string() })),
  })
  .meta({ id: 'Progress', description: 'Public progress: steps and times only, never names, ID numbers or phones' });
export type TProgress = z.infer<typeof ZProgress>;

export const ZProgressAnswer = z.object({ progress: ZProgress });
export type TProgressAnswer = z.infer<typeof ZProgressAnswer>;
