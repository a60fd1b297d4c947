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

export const ZDirectiveIssued = z.object({ id: z.number(), replyDue: z.string() });
export type TDirectiveIssued = z.infer<typeof ZDirectiveIssued>;

export const ZDirectiveList = z.object({ directives: z.array(ZDirective) });
export type TDirectiveList = z.infer<typeof ZDirectiveList>;
