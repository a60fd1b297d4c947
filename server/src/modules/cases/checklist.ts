import type { ItemMaterial } from '../../db/schema.js';

/**
 * The rules of 材料核验 against the item's list, as plain functions of what a case has: which
 * files answer which listed material, the clerk's verdicts, the 容缺 promises and the points of a
 * correction notice. The repository gathers the facts; these decide.
 */

/** A material the applicant must bring: required, and not one the government already holds. */
export function mustBring(material: Pick<ItemMaterial, 'requirement' | 'governmentHeld'>): boolean {
  return material.requirement === 'required' && !material.governmentHeld;
}

/**
 * A material that a submission may leave for later without being refused: a licence the applicant
 * authorises (授权用证) or a signed commitment (告知承诺) can stand in for it after submitting; the
 * clerk's verification before acceptance decides whether it did.
 */
export function replaceableAfterSubmission(material: Pick<ItemMaterial, 'licenceType' | 'commitmentAllowed'>): boolean {
  return Boolean(material.licenceType || material.commitmentAllowed);
}

export interface SubmissionCheck {
  /** Required materials neither sent, nor replaceable, nor deferred: the submission is refused. */
  missing: ItemMaterial[];
  /** Deferrals asked for a material the item does not let follow later (容缺). */
  notDeferrable: ItemMaterial[];
}

/** What a submission lacks, given the materials its files answer and the ones it defers. */
export function checkSubmission(list: readonly ItemMaterial[], sent: ReadonlySet<string>, deferred: ReadonlySet<string>): SubmissionCheck {
  const missing = list.filter((m) => mustBring(m) && !sent.has(m.id) && !deferred.has(m.id) && !replaceableAfterSubmission(m));
  const notDeferrable = list.filter((m) => deferred.has(m.id) && !m.deferrable);
  return { missing, notDeferrable };
}

export interface MaterialStanding {
  verdict: 'accepted' | 'defective' | null;
  reason: string | null;
  /** An open 容缺 promise (the material follows after acceptance). */
  deferred: boolean;
}

export interface AcceptanceBlocker {
  material: ItemMaterial;
  problem: 'unverified' | 'defective';
  reason: string | null;
}

/** Required materials that stop acceptance: not verified as accepted and not deferred under 容缺. */
export function acceptanceBlockers(list: readonly ItemMaterial[], standing: ReadonlyMap<string, MaterialStanding>): AcceptanceBlocker[] {
  const blockers: AcceptanceBlocker[] = [];
  for (const material of list) {
    if (!mustBring(material)) continue;
    const s = standing.get(material.id);
    if (s?.verdict === 'defective') blockers.push({ material, problem: 'defective', reason: s.reason });
    else if (s?.verdict !== 'accepted' && !s?.deferred) blockers.push({ material, problem: 'unverified', reason: null });
  }
  return blockers;
}

/** How a blocker reads in a refusal: 「M02 身份证（不合格：复印件不清晰）」. */
export function blockerText(b: AcceptanceBlocker): string {
  return `${b.material.id} ${b.material.name}（${b.problem === 'defective' ? `不合格：${b.reason ?? ''}` : '未核验'}）`;
}

/** One point of a 补正 notice: about a listed material, or a free point (a form field, a signature). */
export interface CorrectionPoint {
  materialId: string | null;
  text: string;
}

/** The notice's points as a person reads them: a material point names the material first. */
export function pointText(point: CorrectionPoint, list: readonly ItemMaterial[]): string {
  const material = point.materialId ? list.find((m) => m.id === point.materialId) : undefined;
  return material ? `${material.name}：${point.text}` : point.text;
}

/**
 * The points a resubmission leaves unanswered: each needs a written answer, or, for a material
 * point, a file for that material uploaded after the notice.
 */
export function unansweredPoints(points: readonly CorrectionPoint[], answers: ReadonlyMap<number, string>, newFilesFor: ReadonlySet<string>): number[] {
  return points.flatMap((point, index) => {
    if ((answers.get(index) ?? '').trim()) return [];
    if (point.materialId && newFilesFor.has(point.materialId)) return [];
    return [index];
  });
}
