import { describe, expect, it } from 'vitest';
import { computeScore, gradeOf, ZAssessmentRules } from './assessment.js';

const rules = ZAssessmentRules.parse({
  base: 80,
  ratingPoints: { '5': 4, '4': 2, '3': 0, '2': -4, '1': -8 },
  onTimeDelivery: 2,
  lateDelivery: -5,
  lateDeliveryPerDay: -1,
  upheldComplaint: -10,
  warning: -5,
  suspension: -15,
  grades: [
    { grade: 'AAA', min: 90 },
    { grade: 'AA', min: 80 },
    { grade: 'A', min: 70 },
    { grade: 'B', min: 60 },
    { grade: 'C', min: 0 },
  ],
  directChoiceAllowed: true,
});

describe('assessment (考核细则)', () => {
  it('adds the points of every record to the base, as a hand count does', () => {
    const score = computeScore(
      { ratings: [5, 5, 2], deliveries: [0, -3, 4], overdueRunning: [2], upheldComplaints: 1, warnings: 1, suspensions: 0 },
      rules,
    );
    // 80 + (4+4−4) + 2×2 (on time) + 2×(−5) (late, one delivered and one running) + 6×(−1) (days) − 10 − 5 = 57
    expect(score.score).toBe(57);
    expect(score.grade).toBe('C');
    expect(score.lines.find((l) => l.rule === 'late_days')).toEqual({ rule: 'late_days', label: '超期天数', count: 6, points: -6 });
    expect(score.lines.reduce((sum, l) => sum + l.points, 0)).toBe(57);
  });

  it('keeps scores within 0–100 and grades by the first band reached', () => {
    expect(computeScore({ ratings: Array(20).fill(5), deliveries: [], overdueRunning: [], upheldComplaints: 0, warnings: 0, suspensions: 0 }, rules)).toMatchObject({ score: 100, grade: 'AAA' });
    expect(computeScore({ ratings: [], deliveries: [], overdueRunning: [], upheldComplaints: 12, warnings: 0, suspensions: 0 }, rules).score).toBe(0);
    expect(gradeOf(80, rules)).toBe('AA');
    expect(gradeOf(79.99, rules)).toBe('A');
  });

  it('refuses rules without a band starting at 0', () => {
    expect(ZAssessmentRules.safeParse({ ...rules, grades: [{ grade: 'A', min: 60 }] }).success).toBe(false);
  });
});
