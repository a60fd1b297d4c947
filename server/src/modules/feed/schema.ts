import { z } from 'zod';
import { ZId, queryInt } from '../../http/params.js';

/** The documented event object (README "E-supervision feed"), as OpenAPI shows it. */
export const ZFeedEvent = z
  .object({
    id: z.number().meta({ description: 'Timeline row id: unique, the de-duplication key' }),
    position: z.number().meta({ description: 'Feed position in commit order: the cursor' }),
    caseNumber: z.string(),
    seq: z.number().meta({ description: 'Step number within the case, from 1' }),
    action: z.string(),
    actionName: z.string(),
    at: z.string().meta({ description: 'ISO 8601 with +08:00' }),
    fromStatus: z.string().nullable(),
    fromStatusName: z.string().nullable(),
    toStatus: z.string(),
    toStatusName: z.string(),
    actorRole: z.string().meta({ description: 'applicant, clerk, reviewer, supervisor, admin or system' }),
    staffId: z.number().nullable().meta({ description: 'The staff member who acted; null for applicants and the system' }),
    itemCode: z.string(),
    itemName: z.string(),
    departmentCode: z.string().meta({ description: '统一社会信用代码 of the implementing department' }),
    departmentName: z.string(),
    regionCode: z.string(),
    channel: z.enum(['online', 'window']),
    clock: z
      .object({
        dueDate: z.string().nullable(),
        legalDueDate: z.string().nullable(),
        previousDueDate: z.string().nullable(),
        provisional: z.boolean().nullable(),
        stopKind: z.string().nullable(),
        stopKindName: z.string().nullable(),
        stoppedWorkdays: z.number().nullable(),
        extensionWorkdays: z.number().nullable(),
      })
      .nullable(),
    hash: z.string().nullable().meta({ description: 'SM3 chain hash of the timeline row (hex)' }),
    prevHash: z.string().nullable(),
  })
  .meta({ id: 'FeedEvent' });

export const ZFeedPullQuery = z.object({
  after: queryInt(0, Number.MAX_SAFE_INTEGER).default(0).meta({ description: 'The nextCursor of the previous page; 0 from the start' }),
  limit: queryInt(1, 1000).default(500),
});

export const ZFeedPullResponse = z.object({ events: z.array(ZFeedEvent), nextCursor: z.number() });

const ZUrl = z
  .url({ protocol: /^https?$/, message: '请填写 http:// 或 https:// 开头的地址' })
  .max(500);

export const ZSubscriberCreate = z.object({
  name: z.string().trim().min(1, '请填写名称').max(100),
  url: ZUrl.nullable().default(null).meta({ description: 'Webhook address; null for a pull-only subscriber' }),
  secret: z.string().min(32, '密钥至少 32 个字符').max(200).optional().meta({ description: 'Signing secret; generated when left out' }),
  fromStart: z.boolean().default(false).meta({ description: 'Push the whole history instead of events from now on' }),
});
export type TSubscriberCreate = z.infer<typeof ZSubscriberCreate>;

export const ZSubscriberUpdate = z.object({
  name: z.string().trim().min(1, '请填写名称').max(100),
  url: ZUrl.nullable(),
  active: z.boolean(),
});
export type TSubscriberUpdate = z.infer<typeof ZSubscriberUpdate>;

export const ZSubscriber = z.object({
  id: z.number(),
  name: z.string(),
  url: z.string().nullable(),
  push: z.boolean(),
  active: z.boolean(),
  status: z.enum(['ok', 'retrying', 'failed', 'disabled']),
  deliveredPosition: z.number(),
  behind: z.number().nullable(),
  deliveredAt: z.string().nullable(),
  attempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  failedAt: z.string().nullable(),
  failedEventId: z.number().nullable(),
  tokenIssuedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TSubscriber = z.infer<typeof ZSubscriber>;
export const ZSubscriberList = z.object({ subscribers: z.array(ZSubscriber), latestPosition: z.number() });
export type TSubscriberList = z.infer<typeof ZSubscriberList>;
export const ZSecret = z.object({ secret: z.string().nullable().meta({ description: 'Shown this once; null when unchanged' }) });
export type TSecret = z.infer<typeof ZSecret>;
export const ZSubscriberCreated = z.object({ subscriber: ZSubscriber }).extend(ZSecret.shape);
export type TSubscriberCreated = z.infer<typeof ZSubscriberCreated>;
export const ZRotatedSecret = z.object({ secret: z.string() });
export type TRotatedSecret = z.infer<typeof ZRotatedSecret>;
export const ZPullToken = z.object({ token: z.string() });
export type TPullToken = z.infer<typeof ZPullToken>;

export const ZSubscriberParams = z.object({ id: ZId });
