import { z } from 'zod';

/** What an agent may do for the applicant (授权范围). */
export const AGENCY_SCOPES = { apply: '代为申请', correct: '代为补正', receive: '代为领取结果', track: '查询办理进度' } as const;
export const ZAgencyScope = z.enum(Object.keys(AGENCY_SCOPES) as [keyof typeof AGENCY_SCOPES, ...(keyof typeof AGENCY_SCOPES)[]]);
export type TAgencyScope = z.infer<typeof ZAgencyScope>;

const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '应为日期 YYYY-MM-DD');

export const ZCreateAuthorisationRequest = z.object({
  applicant: z.object({
    kind: z.enum(['natural', 'legal']),
    name: z.string().trim().min(2).max(100),
    identityNumber: z.string().trim().min(18).max(18),
    phone: z.string().regex(/^1[3-9]\d{9}$/, '应为 11 位手机号'),
  }),
  scope: z.array(ZAgencyScope).min(1, '请选择授权范围'),
  scopeNote: z.string().trim().max(500).default(''),
  validFrom: DATE,
  validUntil: DATE,
  /** 委托书: the signed letter, PDF/JPEG/PNG/OFD, base64. */
  letter: z.object({ fileName: z.string().trim().min(1).max(200), contentBase64: z.string().min(16).max(8_000_000) }),
});
export type TCreateAuthorisationRequest = z.infer<typeof ZCreateAuthorisationRequest>;

export const ZAuthorisation = z
  .object({
    id: z.number(),
    agentName: z.string(),
    applicantId: z.number(),
    applicantName: z.string(),
    applicantIdentity: z.string().nullable().meta({ description: 'masked' }),
    scope: z.array(ZAgencyScope),
    scopeLabels: z.array(z.string()),
    scopeNote: z.string(),
    validFrom: z.string(),
    validUntil: z.string(),
    status: z.enum(['active', 'expired', 'revoked', 'pending']),
    statusLabel: z.string(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
    revokeReason: z.string().nullable(),
    fee: z.literal(0).meta({ description: '代办免费' }),
  })
  .meta({ id: 'AgentAuthorisation' });
export type TAuthorisation = z.infer<typeof ZAuthorisation>;
export const ZAuthorisationList = z.object({ authorisations: z.array(ZAuthorisation) });
export type TAuthorisationList = z.infer<typeof ZAuthorisationList>;
export const ZAuthorisationOne = z.object({ authorisation: ZAuthorisation });
export type TAuthorisationOne = z.infer<typeof ZAuthorisationOne>;

export const ZAgentStep = z.object({
  id: z.number(),
  at: z.string(),
  action: z.string(),
  summary: z.string().meta({ description: '"代办员 X 为申请人 Y …"' }),
  jointApplicationId: z.string().nullable(),
});
export type TAgentStep = z.infer<typeof ZAgentStep>;
export const ZAgentStepList = z.object({ steps: z.array(ZAgentStep) });
export type TAgentStepList = z.infer<typeof ZAgentStepList>;

export const ZRevokeRequest = z.object({ reason: z.string().trim().max(500).default('') });
