import { z } from 'zod';

export const ZNotification = z.object({ id: z.number(), caseId: z.string().nullable(), kind: z.string(), title: z.string(), body: z.string(), createdAt: z.string(), read: z.boolean() });
export type TNotification = z.infer<typeof ZNotification>;

export const ZNotificationList = z.object({
  unread: z.number(),
  notifications: z.array(ZNotification),
});
export type TNotificationList = z.infer<typeof ZNotificationList>;
