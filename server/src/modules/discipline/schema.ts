import { z } from 'zod';

export const ZRuleInput = z.object({
  code: z.string().regex(/^[A-Za-z0-9-]{1,20}$/, '编号为字母、数字或短横线'),
  title: z.string().trim().min(2).max(200),
  points: z.number().min(0).max(100),
  active: z.boolean().default(true),
});
export type TRuleInput = z.infer<typeof ZRuleInput>;

export const ZRule = ZRuleInput.extend({ id: z.number() }).meta({ id: 'DisciplineRule' });
export type TRule = z.infer<typeof ZRule>;

export const ZRuleList = z.object({ rules: z.array(ZRule) });
export type TRuleList = z.infer<typeof ZRuleList>;

export const ZFindingInput = z.object({
  windowId: z.number().int().positive().optional(),
  personId: z.number().int().positive().optional(),
  ruleId: z.number().int().positive(),
  note: z.string().trim().max(1000).default(''),
  /** JPEG or PNG, base64 (a phone photo scaled down by the page). */
  photo: z.string().max(2_900_000).optional(),
});
export type TFindingInput = z.infer<typeof ZFindingInput>;

export const ZFinding = z
  .object({
    id: z.number(),
    windowNumber: z.string().nullable(),
    windowName: z.string().nullable(),
    personId: z.number().nullable(),
    personName: z.string().nullable(),
    ruleCode: z.string(),
    ruleTitle: z.string(),
    points: z.number(),
    note: z.string(),
    hasPhoto: z.boolean(),
    foundBy: z.string(),
    foundAt: z.string(),
    status: z.enum(['open', 'explained', 'confirmed', 'dismissed']),
    explanation: z.string().nullable(),
    decisionNote: z.string().nullable(),
    decidedAt: z.string().nullable(),
  })
  .meta({ id: 'InspectionFinding' });
export type TFinding = z.infer<typeof ZFinding>;

export const ZFindingList = z.object({ findings: z.array(ZFinding) });
export type TFindingList = z.infer<typeof ZFindingList>;

export const ZExposure = z
  .object({
    centreName: z.string(),
    entries: z.array(z.object({ id: z.number(), foundAt: z.string(), window: z.string().nullable(), person: z.string().nullable(), rule: z.string(), decidedAt: z.string() })),
  })
  .meta({ id: 'ExposureBoard' });
export type TExposure = z.infer<typeof ZExposure>;

/** A staff member a finding may name. */
export const ZPerson = z.object({ id: z.number(), name: z.string(), role: z.string(), windowId: z.number().nullable() });
export type TPerson = z.infer<typeof ZPerson>;

export const ZPeople = z.object({ people: z.array(ZPerson) });
export type TPeople = z.infer<typeof ZPeople>;

export const ZAttendanceDays = z.object({ days: z.array(z.object({ day: z.string(), signedInAt: z.string(), signedOutAt: z.string().nullable() })) });
export type TAttendanceDays = z.infer<typeof ZAttendanceDays>;

export const ZSignOut = z.object({ flagged: z.boolean(), waiting: z.number() });
export type TSignOut = z.infer<typeof ZSignOut>;

export const ZHallStaffing = z.object({
  windows: z.array(z.object({ id: z.number(), number: z.string(), name: z.string(), staff: z.array(z.string()), waiting: z.number(), unstaffed: z.boolean() })),
  flags: z.array(z.object({ id: z.number(), window: z.string(), person: z.string().nullable(), at: z.string(), waiting: z.number(), categories: z.string() })),
});
export type THallStaffing = z.infer<typeof ZHallStaffing>;

export const ZDutyRoster = z.object({ roster: z.array(z.object({ day: z.string(), floor: z.string(), userId: z.number(), name: z.string() })) });
export type TDutyRoster = z.infer<typeof ZDutyRoster>;
