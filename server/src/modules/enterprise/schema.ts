import { z } from 'zod';

/** 企业经办人管理: the enterprise as it sees itself, and the people acting for it. */
export const ZEnterpriseMember = z
  .object({
    id: z.number(),
    name: z.string(),
    role: z.enum(['legal_rep', 'handler']),
    /** Masked: the enterprise sees its people's numbers the way everyone else does. */
    idNumberMasked: z.string().nullable(),
    phoneMasked: z.string().nullable(),
    addedAt: z.string(),
    addedByName: z.string().nullable(),
    isMe: z.boolean(),
  })
  .meta({ id: 'EnterpriseMember' });
export type TEnterpriseMember = z.infer<typeof ZEnterpriseMember>;

export const ZRemovedHandler = z.object({ id: z.number(), name: z.string(), addedAt: z.string(), removedAt: z.string(), removedByName: z.string().nullable() });

export const ZEnterpriseProfile = z
  .object({
    name: z.string(),
    /** The enterprise's own 统一社会信用代码, unmasked: it is shown only to the enterprise itself. */
    creditCode: z.string(),
    phoneMasked: z.string().nullable(),
    actingPerson: z.object({ id: z.number(), name: z.string(), role: z.enum(['legal_rep', 'handler']) }).nullable(),
    /** Only the 法定代表人 adds and removes 经办人. */
    canManage: z.boolean(),
    members: z.array(ZEnterpriseMember),
    removed: z.array(ZRemovedHandler),
  })
  .meta({ id: 'EnterpriseProfile' });
export type TEnterpriseProfile = z.infer<typeof ZEnterpriseProfile>;
export const ZEnterpriseOne = z.object({ enterprise: ZEnterpriseProfile });
export type TEnterpriseOne = z.infer<typeof ZEnterpriseOne>;
/** A handler removed: how many of their sessions ended, and the enterprise as it now stands. */
export const ZHandlerRemoved = z.object({ sessionsEnded: z.number(), enterprise: ZEnterpriseProfile });
export type THandlerRemoved = z.infer<typeof ZHandlerRemoved>;

export const ZAddHandlerRequest = z.object({
  name: z.string().trim().min(1, '请填写经办人姓名').max(50, '姓名过长'),
  idNumber: z
    .string()
    .trim()
    .toUpperCase()
    .length(18, '身份证号应为 18 位'),
  phone: z.string().trim().regex(/^1[3-9]\d{9}$/, '手机号应为 11 位'),
});
export type TAddHandlerRequest = z.infer<typeof ZAddHandlerRequest>;
