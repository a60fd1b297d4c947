import { z } from 'zod';

export const ZPriorityReason = z.enum(['appointment', 'elderly', 'disabled', 'green_channel', 'transfer']);

/** The priorities a visitor may claim at the ticket kiosk (the others the hall assigns). */
export const ZKioskPriority = z.enum(['elderly', 'disabled', 'green_channel']);
export type TKioskPriority = z.infer<typeof ZKioskPriority>;

/** What the kiosk prints (and the phone page shows): no name, no ID number. */
export const ZTicketReceipt = z
  .object({
    id: z.number(),
    number: z.string(),
    categoryName: z.string(),
    centreName: z.string(),
    priorityReason: ZPriorityReason.nullable(),
    ahead: z.number(),
    issuedAt: z.string(),
    /** The ticket's page for the visitor's phone (the QR on the slip). */
    phonePath: z.string(),
    /** An SMS with the number went to the booked applicant's phone. */
    smsSent: z.boolean(),
  })
  .meta({ id: 'TicketReceipt' });
export type TTicketReceipt = z.infer<typeof ZTicketReceipt>;

export const ZTicketStatus = z
  .object({
    number: z.string(),
    categoryName: z.string(),
    status: z.enum(['waiting', 'called', 'done', 'skipped', 'abandoned']),
    ahead: z.number(),
    windowNumber: z.string().nullable(),
    windowName: z.string().nullable(),
    issuedAt: z.string(),
    calledAt: z.string().nullable(),
  })
  .meta({ id: 'TicketStatus' });
export type TTicketStatus = z.infer<typeof ZTicketStatus>;

export const ZWindowTicket = z.object({
  id: z.number(),
  number: z.string(),
  categoryId: z.number(),
  categoryName: z.string(),
  status: z.enum(['waiting', 'called', 'done', 'skipped', 'abandoned']),
  priorityReason: ZPriorityReason.nullable(),
  itemName: z.string().nullable(),
  issuedAt: z.string(),
  calledAt: z.string().nullable(),
  callCount: z.number(),
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
  serviceId: z.string().nullable(),
  ratingLevel: z.number().nullable(),
});
export type TWindowTicket = z.infer<typeof ZWindowTicket>;

/** The clerk's calling bar: their window, its categories, the current call and the line. */
export const ZWindowBoard = z
  .object({
    window: z.object({ id: z.number(), number: z.string(), name: z.string() }),
    categories: z.array(z.object({ id: z.number(), prefix: z.string(), name: z.string(), waiting: z.number() })),
    current: ZWindowTicket.nullable(),
    waiting: z.array(ZWindowTicket),
    served: z.array(ZWindowTicket),
  })
  .meta({ id: 'WindowBoard' });
export type TWindowBoard = z.infer<typeof ZWindowBoard>;

export const ZHallDisplay = z
  .object({
    centreName: z.string(),
    calls: z.array(z.object({ eventId: z.number(), number: z.string(), windowNumber: z.string(), windowName: z.string(), at: z.string(), recall: z.boolean() })),
    windows: z.array(z.object({ number: z.string(), name: z.string(), serving: z.string().nullable() })),
    categories: z.array(z.object({ prefix: z.string(), name: z.string(), waiting: z.number() })),
    updatedAt: z.string(),
  })
  .meta({ id: 'HallDisplay' });
export type THallDisplay = z.infer<typeof ZHallDisplay>;

export const ZQueueStatsRow = z.object({
  key: z.string(),
  label: z.string(),
  issued: z.number(),
  served: z.number(),
  abandoned: z.number(),
  /** Minutes from the ticket to the first call. */
  waitAvg: z.number().nullable(),
  waitP90: z.number().nullable(),
  waitMax: z.number().nullable(),
  /** Minutes from the first call to completion. */
  serviceAvg: z.number().nullable(),
});
export type TQueueStatsRow = z.infer<typeof ZQueueStatsRow>;

export const ZQueueStats = z.object({ rows: z.array(ZQueueStatsRow) });
export type TQueueStats = z.infer<typeof ZQueueStats>;

export const ZCalled = z.object({ ticket: z.object({ id: z.number(), number: z.string() }).nullable() });
export type TCalled = z.infer<typeof ZCalled>;

export const ZQueueStep = z.enum(['call', 'recall', 'skip', 'transfer', 'complete', 'link-case']);
export type TQueueStep = z.infer<typeof ZQueueStep>;

export const ZTicketStepped = z.object({ ticket: z.object({ id: z.number(), number: z.string(), serviceId: z.string().optional() }).nullable() });
export type TTicketStepped = z.infer<typeof ZTicketStepped>;

export const ZQueueStatsBy = z.enum(['category', 'window', 'hour']);
export type TQueueStatsBy = z.infer<typeof ZQueueStatsBy>;
