import { z } from 'zod';

/**
 * 考核细则: the points each kind of record is worth, set by the centre. A score is the base plus
 * the points of every record, kept within 0–100; the grade is the first band whose minimum the
 * score reaches.
 */
export const ZAssessmentRules = z
  .object({
    base: z.number().min(0).max(100),
    ratingPoints: z.object({ '5': z.number(), '4': z.number(), '3': z.number(), '2': z.number(), '1': z.number() }),
    onTimeDelivery: z.number().min(-50).max(50),
    lateDelivery: z.number().min(-50).max(50),
    lateDeliveryPerDay: z.number().min(-20).max(0),
    upheldComplaint: z.number().min(-50).max(0),
    warning: z.number().min(-50).max(0),
    suspension: z.number().min(-100).max(0),
    grades: z
      .array(z.object({ grade: z.string().min(1).max(8), min: z.number().min(0).max(100) }))
      .min(1)
      .refine((g) => g.some((band) => band.min === 0), '最低一档的起点应为 0 分'),
    /** Whether an enterprise paying with its own funds may choose directly (直接选取). */
    directChoiceAllowed: z.boolean(),
  })
  .meta({ id: 'IntermediaryAssessmentRules' });
export type AssessmentRules = z.infer<typeof ZAssessmentRules>;

/** The records a score is made of, as the repository reads them. */
export interface AssessmentRecords {
  ratings: number[];
  /** Delivered contracts: days late (0 = on time or early). */
  deliveries: number[];
  /** Running contracts already past their due date, with days late so far. */
  overdueRunning: number[];
  upheldComplaints: number;
  warnings: number;
  suspensions: number;
}

export interface ScoreLine {
  rule: string;
  label: string;
  count: number;
  points: number;
}

export interface Score {
  score: number;
  grade: string;
  lines: ScoreLine[];
}

/** The score and grade from the records alone: recomputing from the same records gives the same value. */
export function computeScore(records: AssessmentRecords, rules: AssessmentRules): Score {
  const lines: ScoreLine[] = [{ rule: 'base', label: '基础分', count: 1, points: rules.base }];
  for (const level of ['5', '4', '3', '2', '1'] as const) {
    const count = records.ratings.filter((r) => String(r) === level).length;
    if (count) lines.push({ rule: `rating_${level}`, label: `服务评价 ${RATING_LABELS[level]}`, count, points: count * rules.ratingPoints[level] });
  }
  const onTime = records.deliveries.filter((d) => d <= 0).length;
  if (onTime) lines.push({ rule: 'on_time', label: '按时交付', count: onTime, points: onTime * rules.onTimeDelivery });
  const late = [...records.deliveries.filter((d) => d > 0), ...records.overdueRunning.filter((d) => d > 0)];
  if (late.length) {
    const days = late.reduce((sum, d) => sum + d, 0);
    lines.push({ rule: 'late', label: '超期交付（含超期未交付）', count: late.length, points: late.length * rules.lateDelivery });
    lines.push({ rule: 'late_days', label: '超期天数', count: days, points: days * rules.lateDeliveryPerDay });
  }
  if (records.upheldComplaints) lines.push({ rule: 'complaint', label: '经查实的投诉', count: records.upheldComplaints, points: records.upheldComplaints * rules.upheldComplaint });
  if (records.warnings) lines.push({ rule: 'warning', label: '警告', count: records.warnings, points: records.warnings * rules.warning });
  if (records.suspensions) lines.push({ rule: 'suspension', label: '暂停', count: records.suspensions, points: records.suspensions * rules.suspension });
  const raw = lines.reduce((sum, line) => sum + line.points, 0);
  // Two decimals: sums of configured fractions must not drift between two recomputations.
  const score = Math.round(Math.min(100, Math.max(0, raw)) * 100) / 100;
  return { score, grade: gradeOf(score, rules), lines };
}

export function gradeOf(score: number, rules: AssessmentRules): string {
  const bands = [...rules.grades].sort((a, b) => b.min - a.min);
  return (bands.find((band) => score >= band.min) ?? bands[bands.length - 1]!).grade;
}

export const RATING_LABELS = { '5': '非常满意', '4': '满意', '3': '基本满意', '2': '不满意', '1': '非常不满意' } as const;
