import type { ExpressionBuilder, SqlBool, Expression } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';

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
        return eb('cases.department_id', '=', actor.departmentId ?? -1);
      case 'clerk':
      case 'admin':
        return eb('cases.centre_id', '=', actor.centreId ?? -1);
      case 'supervisor':
        return actor.regionCode ? eb('cases.region_code', 'like', `${regionPrefix(actor.regionCode)}%`) : eb.lit(false);
      default:
        // Roles that modules add see no case unless this policy names them.
        return eb.lit(false);
    }
  };
}

/** 220500 (a city) covers 2205xx; 220000 (a province) covers 22xxxx; a county covers itself. */
export function regionPrefix(code: string): string {
  let prefix = code;
  while (prefix.length > 2 && prefix.endsWith('00')) prefix = prefix.slice(0, -2);
  return prefix;
}
