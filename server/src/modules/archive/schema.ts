import { z } from 'zod';

/** An archive package as the administrator lists it: retention and the destruction decision. */
export const ZArchive = z.object({
  caseId: z.string(),
  caseNumber: z.string(),
  itemName: z.string(),
  archivedAt: z.string(),
  retentionYears: z.number().nullable().meta({ description: 'null = 永久' }),
  retainUntil: z.string().nullable(),
  files: z.number(),
  decision: z.enum(['destroy', 'extend']).nullable(),
  decisionReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export type TArchive = z.infer<typeof ZArchive>;
