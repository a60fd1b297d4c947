import { z } from 'zod';

export const ZVisitReason = z.enum(['elderly', 'disabled', 'sick', 'key_enterprise', 'other']);

export const ZVisitRequest = z.object({
  centreId: z.number().int().positive(),
  contactName: z.string().trim().min(1).max(100),
  contactPhone: z.string().regex(/^1[3-9]\d{9}$/, '应为 11 位手机号'),
  address: z.string().trim().min(4).max(200),
  reason: ZVisitReason,
  itemId: z.number().int().positive().optional(),
  description: z.string().trim().max(1000).default(''),
});
export type TVisitRequest = z.infer<typeof ZVisitRequest>;

export const ZVisit = z
  .object({
    id: z.number(),
    centreId: z.number(),
    contactName: z.string(),
    contactPhone: z.string(),
    address: z.string(),
    reason: ZVisitReason,
    itemName: z.string().nullable(),
    description: z.string(),
    status: z.enum(['requested', 'accepted', 'declined', 'assigned', 'visited', 'closed']),
    triageNote: z.string().nullable(),
    assigneeId: z.number().nullable(),
    assigneeName: z.string().nullable(),
    visitDate: z.string().nullable(),
    visitRecord: z.string().nullable(),
    visitedAt: z.string().nullable(),
    createdAt: z.string(),
    cases: z.array(z.object({ id: z.string(), number: z.string(), itemName: z.string(), status: z.string() })),
  })
  .meta({ id: 'HomeVisit' });
export type TVisit = z.infer<typeof ZVisit>;

export const ZVisitList = z.object({ visits: z.array(ZVisit) });
export type TVisitList = z.infer<typeof ZVisitList>;
