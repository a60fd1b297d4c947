import { chinaDate } from '../../util/china-time.js';
import { contractLight } from './contracts.js';
import type { listIntermediaries } from './registry.js';
import type { ContractRow } from './repo.js';
import type { TIntermediary, TIntermediaryAnnouncement, TIntermediaryContract } from './schema.js';
import type { IntermediaryAnnouncementTable } from './tables.js';
import type { Selectable } from 'kysely';

/** Rows to the API's shapes, one place for each, so every route answers the same fields. */

type ListedIntermediary = Awaited<ReturnType<typeof listIntermediaries>>[number];

export function toIntermediary({ row, qualifications, score }: ListedIntermediary): TIntermediary {
  return {
    id: row.id,
    creditCode: row.credit_code,
    name: row.name,
    presence: row.presence,
    legalRepresentative: row.legal_representative,
    address: row.address,
    phone: row.phone,
    contactName: row.contact_name,
    introduction: row.introduction,
    offices: row.offices,
    status: row.status,
    reviewNote: row.review_note,
    sanctionEndsOn: row.sanction_ends_on,
    score: score.score,
    grade: score.grade,
    scoreLines: score.lines,
    qualifications: qualifications.map((q) => ({
      id: q.id,
      serviceTypeId: q.service_type_id,
      serviceTypeName: q.service_type_name,
      certificateNumber: q.certificate_number,
      grade: q.grade,
      validFrom: q.valid_from,
      validTo: q.valid_to,
      feeStandard: q.fee_standard,
      status: q.status,
      usable: q.usable,
    })),
  };
}

type AnnouncementRow = Selectable<IntermediaryAnnouncementTable> & { service_type_name: string; owner_name: string; response_count?: number | null };

export function toAnnouncement(row: AnnouncementRow, extra: { responseCount?: number; selectedIntermediaryName?: string | null } = {}): TIntermediaryAnnouncement {
  return {
    id: row.id,
    number: row.number,
    ownerName: row.owner_name,
    ownerKind: row.owner_kind,
    funding: row.funding,
    serviceTypeId: row.service_type_id,
    serviceTypeName: row.service_type_name,
    projectName: row.project_name,
    caseId: row.case_id,
    budgetCeiling: row.budget_ceiling,
    serviceDays: row.service_days,
    dayUnit: row.day_unit,
    requirements: row.requirements,
    method: row.method,
    priceWeight: row.price_weight === null ? null : Number(row.price_weight),
    responseDeadline: row.response_deadline.toISOString(),
    publicityWorkdays: row.publicity_workdays,
    status: row.status,
    responseCount: extra.responseCount ?? row.response_count ?? 0,
    selectedResponseId: row.selected_response_id,
    selectedIntermediaryName: extra.selectedIntermediaryName ?? null,
    drawSeed: row.draw_seed,
    selectionDetail: row.selection_detail ?? null,
    selectedAt: row.selected_at?.toISOString() ?? null,
    publicityEndsOn: row.publicity_ends_on,
    createdAt: row.created_at.toISOString(),
  };
}

export function toContract(c: ContractRow, today = chinaDate()): TIntermediaryContract {
  return {
    id: c.id,
    announcementId: c.announcement_id,
    announcementNumber: c.announcement_number,
    projectName: c.project_name,
    serviceTypeName: c.service_type_name,
    intermediaryId: c.intermediary_id,
    intermediaryName: c.intermediary_name,
    price: c.price,
    signedOn: c.signed_on,
    promisedDays: c.promised_days,
    dayUnit: c.day_unit,
    dueDate: c.due_date,
    warnDate: c.warn_date,
    deliveredOn: c.delivered_on,
    reportName: c.report_name,
    attachedCaseId: c.attached_case_id,
    status: c.status,
    light: contractLight(c, today),
    ratingLevel: c.rating_level ?? null,
    ratingComment: c.rating_comment ?? null,
  };
}
