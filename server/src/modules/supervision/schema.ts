import { z } from 'zod';

/**
 * Response schemas of 电子监察 (the supervisor's seat and the hall's big screen), each with its
 * inferred type. Only zod here: the web app compiles this file for its types.
 */

/** 红黄绿灯 counts of the running cases; grey = clock stopped (中止). */
export const ZLights = z.object({ green: z.number(), yellow: z.number(), red: z.number(), grey: z.number(), total: z.number() });
export type TLights = z.infer<typeof ZLights>;

/** One row of the lights table: a department, window or item (key null for cases without one). */
export const ZLightRow = ZLights.extend({ key: z.number().nullable(), name: z.string() });
export type TLightRow = z.infer<typeof ZLightRow>;

export const ZLightRows = z.object({ rows: z.array(ZLightRow) });
export type TLightRows = z.infer<typeof ZLightRows>;

export const ZLightGroup = z.enum(['department', 'window', 'item']);
export type TLightGroup = z.infer<typeof ZLightGroup>;

export const ZRunningKind = z.enum(['overdue', 'warning', 'stopped']);
export type TRunningKind = z.infer<typeof ZRunningKind>;

export const ZStatsDimension = z.enum(['department', 'window', 'staff', 'item']);
export type TStatsDimension = z.infer<typeof ZStatsDimension>;

/** The period measures every statistics row carries (definitions in the README). */
export const ZMeasures = {
  received: z.number().describe('收件: submitted in the period'),
  accepted: z.number().describe('受理'),
  refused: z.number().describe('不予受理'),
  withdrawn: z.number().describe('撤回'),
  completed: z.number().describe('办结 (result issued)'),
  on_time: z.number().describe('办结 whose decision came on or before the final deadline'),
  early: z.number().describe('办结的承诺件 decided before the final deadline (提前办结; 即办件 are never early)'),
  late: z.number().describe('办结 decided after the final deadline (超期办结)'),
  timed: z.number().describe('办结 whose working days are known (the averages divide by this)'),
  workdays_used: z.number(),
  promised_workdays: z.number(),
  stops: z.number().describe('clock stops started (补正 and 特别程序)'),
  extensions: z.number().describe('extensions approved'),
  completed_promised: z.number().describe('办结的承诺件: the denominator of 提前办结率'),
};

/** Statistics of one department, window, staff member or item for a period (or their total). */
export const ZStatsRow = z
  .object({
    key: z.number(),
    name: z.string(),
    code: z.string().nullable(),
    ...ZMeasures,
    openOverdue: z.number().describe('running cases past their deadline now'),
    completionRate: z.number().nullable().describe('办结率 = completed ÷ accepted'),
    onTimeRate: z.number().nullable().describe('按时办结率 = on_time ÷ completed'),
    earlyRate: z.number().nullable().describe('提前办结率 = early ÷ completed_promised (承诺件 only)'),
    avgWorkdaysUsed: z.number().nullable(),
    avgPromisedWorkdays: z.number().nullable(),
  })
  .meta({ id: 'SupervisionStatsRow' });
export type TStatsRow = z.infer<typeof ZStatsRow>;

export const ZStats = z.object({ rows: z.array(ZStatsRow), total: ZStatsRow });
export type TStats = z.infer<typeof ZStats>;

/** The region a supervisor oversees (every region code starting with the prefix). */
export const ZScope = z.object({ regionPrefix: z.string() });
export type TScope = z.infer<typeof ZScope>;

/** 送达 figures of licences (行政许可法 art. 44: ten working days from the grant). */
export const ZDeliveryFigures = z
  .object({
    from: z.string(),
    to: z.string(),
    waiting: z.object({ green: z.number(), yellow: z.number(), red: z.number(), total: z.number() }).describe('granted licences waiting for issuance now, by the light of their delivery clock'),
    delivered: z.number().describe('licences issued in the period'),
    deliveredLate: z.number().describe('of those, issued after the ten working days of 行政许可法 art. 44 (逾期送达)'),
    lateRate: z.number().nullable().describe('逾期送达率 = deliveredLate ÷ delivered'),
  })
  .meta({ id: 'SupervisionDeliveryFigures' });
export type TDeliveryFigures = z.infer<typeof ZDeliveryFigures>;

/** 监察总览: the supervisor's dashboard tiles. */
export const ZDashboard = z.object({
  today: z.string(),
  scope: ZScope,
  lights: ZLights,
  intake: z.object({ received: z.number(), accepted: z.number(), completed: z.number() }),
  waitingForAcceptance: z.number(),
  acceptanceLights: z
    .object({ green: z.number(), yellow: z.number(), red: z.number() })
    .describe('受理时限 (art. 32) of the applications waiting for acceptance: yellow the day before the last, red on the last day'),
  directives: z.object({ open: z.number(), overdue: z.number() }),
  rectifications: z.object({ open: z.number(), overdue: z.number() }),
  delivery: ZDeliveryFigures.describe('许可证件送达 (art. 44): waiting now, and delivered this month to today'),
  readReplica: z
    .object({ lagMs: z.number().describe('how far (ms) the replica was behind the primary') })
    .nullable()
    .describe('set when these figures were read from the read replica (ONEWINDOW_READ_DATABASE_URL)'),
});
export type TDashboard = z.infer<typeof ZDashboard>;

/** The service centres in the supervisor's region, each with its 大屏 address. */
export const ZCentre = z.object({ id: z.number(), name: z.string(), regionCode: z.string(), address: z.string(), screenPath: z.string() });
export type TCentre = z.infer<typeof ZCentre>;

export const ZCentreList = z.object({ centres: z.array(ZCentre) });
export type TCentreList = z.infer<typeof ZCentreList>;

/** One overdue, warning or stopped running case in the supervisor's lists. */
export const ZRunningCase = z.object({
  id: z.string(),
  number: z.string(),
  itemName: z.string(),
  departmentName: z.string(),
  applicantName: z.string().describe('masked'),
  assigneeName: z.string().nullable(),
  dueDate: z.string(),
  workdaysLeft: z.number().describe('working days to the deadline; negative = days over'),
  clockStopped: z.boolean(),
  warnedRed: z.boolean().describe('红灯 raised (with asOf: by the real sweep or a training sweep)'),
});
export type TRunningCase = z.infer<typeof ZRunningCase>;

export const ZRunningCasePage = z.object({ items: z.array(ZRunningCase), nextCursor: z.string().nullable() });
export type TRunningCasePage = z.infer<typeof ZRunningCasePage>;

/** Received and completed on one day. */
export const ZTrendDay = z.object({ day: z.string(), received: z.number(), completed: z.number(), onTime: z.number() });
export type TTrendDay = z.infer<typeof ZTrendDay>;

export const ZTrend = z.object({ days: z.array(ZTrendDay) });
export type TTrend = z.infer<typeof ZTrend>;

/** One department's line of the 月度通报. */
export const ZCircularLine = z.object({
  rank: z.number(),
  departmentId: z.number(),
  departmentName: z.string(),
  received: z.number(),
  accepted: z.number(),
  completed: z.number(),
  completedPromised: z.number(),
  early: z.number(),
  completionRate: z.number().nullable(),
  onTimeRate: z.number().nullable(),
  earlyRate: z.number().nullable(),
  late: z.number(),
  openOverdue: z.number(),
  avgWorkdaysUsed: z.number().nullable(),
  avgPromisedWorkdays: z.number().nullable(),
  stops: z.number(),
  extensions: z.number(),
  directives: z.number(),
  directivesOverdue: z.number(),
  ratings: z.number(),
  satisfactionRate: z.number().nullable(),
  badRatings: z.number(),
  flagged: z.boolean(),
});
export type TCircularLine = z.infer<typeof ZCircularLine>;

/** 月度通报: departments ranked for a month. */
export const ZCircular = z.object({
  month: z.string(),
  from: z.string(),
  to: z.string(),
  regionName: z.string(),
  issuedOn: z.string(),
  lines: z.array(ZCircularLine),
  total: ZStatsRow,
});
export type TCircular = z.infer<typeof ZCircular>;

const ZCount = z.number().int().nonnegative();
/** What the hall's screen may show: counts and names of departments, never a case or a person. */
export const ZBigScreen = z
  .object({
    centreName: z.string(),
    today: z.string(),
    intake: z.object({ received: ZCount, accepted: ZCount, completed: ZCount }),
    lights: ZLights,
    waitingForAcceptance: ZCount,
    trend: z.array(z.object({ day: z.string(), received: ZCount, completed: ZCount, onTime: ZCount })),
    byDepartment: z.array(z.object({ name: z.string(), received: ZCount, completed: ZCount })),
    lightsByDepartment: z.array(z.object({ name: z.string(), green: ZCount, yellow: ZCount, red: ZCount, grey: ZCount })),
    satisfaction: z.object({ ratings: ZCount, rate: z.number().nullable().describe('(非常满意 + 满意 + 基本满意) ÷ ratings this month') }),
    updatedAt: z.string(),
  })
  .meta({ id: 'BigScreen' });
export type TBigScreen = z.infer<typeof ZBigScreen>;
