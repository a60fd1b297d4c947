import { z } from 'zod';

/** 督办 as the supervisor and the pressed department see it. */
export const ZDirective = z
  .object({
    id: z.number(),
    caseId: z.string().nullable(),
    caseNumber: z.string().nullable(),
    departmentName: z.string(),
    content: z.string(),
    issuedAt: z.string(),
    replyDue: z.string(),
    reply: z.string().nullable(),
    repliedAt: z.string().nullable(),
    escalatedAt: z.string().nullable(),
  })
  .meta({ id: 'Directive' });
export type TDirective = z.infer<typeof ZDirective>;
