/** Personal data is shown masked everywhere except an audited full view. */

/** 居民身份证号 / 统一社会信用代码: first 6 and last 4 at most. */
export function maskIdentityNumber(value: string | null | undefined): string | null {
  if (!value) return value ?? null;
  if (value.length <= 10) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}

/** Mobile numbers: the middle four hidden, 138****5678. */
export function maskPhone(value: string | null | undefined): string | null {
  if (!value) return value ?? null;
  if (value.length < 7) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}****${value.slice(7)}`;
}

/** Names: keep the family name, 张** (a name is personal data on a public screen). */
export function maskName(value: string | null | undefined): string | null {
  if (!value) return value ?? null;
  return value.length <= 1 ? '*' : `${value[0]}${'*'.repeat(Math.min(value.length - 1, 2))}`;
}
