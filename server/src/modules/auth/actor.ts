import type { ApplicantKind, EnterpriseMemberRole, Role } from '../../db/schema.js';

/** Who is calling: the logged-in user with the scope every policy checks against. */
export interface Actor {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  applicantKind: ApplicantKind | null;
  centreId: number | null;
  departmentId: number | null;
  windowId: number | null;
  regionCode: string | null;
  /**
   * An enterprise account's session: the person acting for it, its 法定代表人 or one of its 经办人.
   * Absent for everyone else.
   */
  actingPerson?: ActingPerson | null;
}

/** 经办人 / 法定代表人 acting for an enterprise account. */
export interface ActingPerson {
  id: number;
  name: string;
  role: EnterpriseMemberRole;
}

export function toActor(row: {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  applicant_kind: ApplicantKind | null;
  centre_id: number | null;
  department_id: number | null;
  window_id: number | null;
  region_code: string | null;
}): Actor {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    applicantKind: row.applicant_kind,
    centreId: row.centre_id,
    departmentId: row.department_id,
    windowId: row.window_id,
    regionCode: row.region_code,
  };
}
