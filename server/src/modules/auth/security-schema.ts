import { z } from 'zod';

export const ZSecurityStatus = z
  .object({
    twoFactorEnabled: z.boolean(),
    twoFactorEnabledAt: z.string().nullable(),
    recoveryCodesLeft: z.number(),
    passwordChangedAt: z.string().nullable(),
    staffTwoFactorRequired: z.boolean(),
  })
  .meta({ id: 'SecurityStatus' });
export type TSecurityStatus = z.infer<typeof ZSecurityStatus>;

export const ZSessionInfo = z
  .object({
    id: z.number(),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    expiresAt: z.string(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    current: z.boolean(),
  })
  .meta({ id: 'SessionInfo' });
export type TSessionInfo = z.infer<typeof ZSessionInfo>;
