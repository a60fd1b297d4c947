import { z } from 'zod';

export const ZMe = z
  .object({
    id: z.number(),
    username: z.string(),
    displayName: z.string(),
    role: z.string().meta({ description: 'A code of the roles table (applicant, clerk, reviewer, admin, supervisor, and those modules add)' }),
    applicantKind: z.enum(['natural', 'legal']).nullable(),
    centreId: z.number().nullable(),
    departmentId: z.number().nullable(),
    windowId: z.number().nullable(),
    regionCode: z.string().nullable(),
    actingPerson: z
      .object({ id: z.number(), name: z.string(), role: z.enum(['legal_rep', 'handler']) })
      .nullable()
      .optional()
      .meta({ description: 'An enterprise account: the person acting for it (法定代表人 legal_rep or 经办人 handler)' }),
  })
  .meta({ id: 'Me' });
export type TMe = z.infer<typeof ZMe>;

export const ZSession = z.object({ user: ZMe, mustEnrolTwoFactor: z.boolean() });
export type TSession = z.infer<typeof ZSession>;

export const ZSecondFactorChallenge = z.object({ secondFactorRequired: z.literal(true), challenge: z.string() });
export type TSecondFactorChallenge = z.infer<typeof ZSecondFactorChallenge>;

export const ZRegistrationStarted = z.object({ registrationId: z.uuid(), message: z.string() });
export type TRegistrationStarted = z.infer<typeof ZRegistrationStarted>;
