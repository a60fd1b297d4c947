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

export const ZSessionList = z.object({ sessions: z.array(ZSessionInfo) });
export type TSessionList = z.infer<typeof ZSessionList>;

export const ZTotpSetup = z.object({ secret: z.string(), otpauthUrl: z.string(), qrDataUrl: z.string() });
export type TTotpSetup = z.infer<typeof ZTotpSetup>;

export const ZRecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });
export type TRecoveryCodes = z.infer<typeof ZRecoveryCodes>;

export const ZPasswordChanged = z.object({ endedSessions: z.number() });
export type TPasswordChanged = z.infer<typeof ZPasswordChanged>;

export const ZSecuritySetting = z.object({ staffTwoFactorRequired: z.boolean() });
export type TSecuritySetting = z.infer<typeof ZSecuritySetting>;
