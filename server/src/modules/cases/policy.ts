import { sql, type ExpressionBuilder, type SqlBool, type Expression } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';
import { regionPrefix } from '../network/regions.js';

/**
 * Which cases a caller may see, as a SQL condition. Everything outside answers "not found", so
 * nobody can probe for other people's application numbers.
 */
export function visibleCases(actor: Actor) {
  return (eb: ExpressionBuilder<DB, 'cases'>): Expression<SqlBool> => {
    switch (actor.role) {
      case 'applicant':
        return eb('cases.applicant_id', '=', actor.id);
      case 'reviewer':
      case 'department_head':
        // A department asked to 会签 sees the case too (its own queue lists it as 待签批).
        return eb.or([
          eb('cases.department_id', '=', actor.departmentId ?? -1),
          // Written so the partial GIN index (cases_countersign_idx) serves it.
          sql<boolean>`(cases.countersign_department_ids <> '{}' AND cases.countersign_department_ids @> ARRAY[${actor.departmentId ?? -1}::int])`,
        ]);
      case 'clerk':
      case 'admin':
        return eb('cases.centre_id', '=', actor.centreId ?? -1);
      case 'supervisor':
      case 'government_head': {
        if (!actor.regionCode) return eb.lit(false);
        // The subtree: cases of its regions' items, and cases received at its centres (a town
        // centre accepting a county item, a 通办 reception for another region).
        const prefix = `${regionPrefix(actor.regionCode)}%`;
        return eb.or([
          eb('cases.region_code', 'like', prefix),
          eb('cases.centre_id', 'in', eb.selectFrom('centres').select('centres.id').where('centres.region_code', 'like', prefix)),
        ]);
      }
      case 'agent':
        // An agent sees the applications they submitted for someone else.
        return eb.exists(
          eb
            .selectFrom('case_events')
            .select('case_events.id')
            .whereRef('case_events.case_id', '=', 'cases.id')
            .where('case_events.seq', '=', 1)
            .where('case_events.actor_id', '=', actor.id),
        );
      default:
        // Roles that modules add see no case unless this policy names them.
        return eb.lit(false);
    }
  };
}

/** Re-exported where the cases policy always offered it; the rule lives with the regions. */
export { regionPrefix } from '../network/regions.js';
