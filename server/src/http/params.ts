import { z } from 'zod';

/** The largest id a PostgreSQL `integer` column holds. */
export const INT4_MAX = 2_147_483_647;

/**
 * A whole number written as a client writes one in a path or a query string: decimal digits only,
 * no sign, no leading zero, no exponent, no hex. `z.coerce.number()` would read '0x2', '+2', '2.0',
 * '002' and '' as numbers, so one record would answer to many addresses.
 */
export function queryInt(min: number, max: number) {
  return z
    .string()
    .regex(/^(0|[1-9][0-9]{0,15})$/, '应为整数，只写数字（如 12）')
    .transform(Number)
    .pipe(z.number().int().min(min, `不得小于 ${min}`).max(max, `不得大于 ${max}`));
}

/** A record id in a path or query string (a positive `integer` column). */
export const ZId = queryInt(1, INT4_MAX);

/** A record id in a JSON body. */
export const ZBodyId = z.number().int().positive().max(INT4_MAX, '编号超出范围');
