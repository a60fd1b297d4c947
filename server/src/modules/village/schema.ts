import { z } from 'zod';

/** 村代办点: consent, application on a villager's behalf, hand-back; supervision per point. */

export const ZVillager = z.object({
  name: z.string().trim().min(1).max(50),
  identityNumber: z.string().trim().length(18).meta({ description: '居民身份证号 (check digit verified)' }),
  phone: z.string().regex(/^1[3-9]\d{9}$/, '应为 11 位手机号'),
});

export const ZConsentRequest = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('signature'),
    villager: ZVillager,
    itemId: z.number().int().positive(),
    /** The villager's signature, drawn on the agent's tablet: a PNG, base64. */
    signaturePng: z.string().min(100).max(700_000).meta({ description: 'base64 PNG, ≤ 500 kB' }),
  }),
  z.object({ kind: z.literal('sms'), villager: ZVillager, itemId: z.number().int().positive() }),
]);
export type TConsentRequest = z.infer<typeof ZConsentRequest>;

export const ZConsent = z.object({ id: z.number(), kind: z.enum(['signature', 'sms']), confirmed: z.boolean(), maskedPhone: z.string() });
export type TConsent = z.infer<typeof ZConsent>;

export const ZAgencyApplyRequest = z.object({ consentId: z.number().int().positive(), formData: z.record(z.string(), z.unknown()) });

export const ZAgencyApplication = z.object({
  caseId: z.string(),
  number: z.string(),
  itemName: z.string(),
  villagerName: z.string(),
  status: z.string(),
  consentKind: z.enum(['signature', 'sms']),
  submittedAt: z.string(),
  handedBackAt: z.string().nullable(),
});
export type TAgencyApplication = z.infer<typeof ZAgencyApplication>;

export const ZAgencyApplicationList = z.object({ applications: z.array(ZAgencyApplication) });
export type TAgencyApplicationList = z.infer<typeof ZAgencyApplicationList>;

export const ZPointCount = z.object({
  pointId: z.number(),
  pointName: z.string(),
  regionCode: z.string(),
  agents: z.number(),
  total: z.number(),
  open: z.number(),
  completed: z.number(),
  handedBack: z.number(),
});
export type TPointCount = z.infer<typeof ZPointCount>;
