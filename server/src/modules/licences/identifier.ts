/**
 * 电子证照标识 after GB/T 36904-2018 as read in the README: 证照类型代码 (21) + 颁发机构代码 (18,
 * 统一社会信用代码) + 流水号 (13: issue date YYYYMMDD + 5-digit daily sequence of the issuer) +
 * 版本号 (2) + 校验位 (1, ISO/IEC 7064 MOD 37,36 over the 54 characters before it).
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** ISO/IEC 7064 hybrid system MOD 37,36 (GB/T 17710): the check character for `body`. */
export function mod3736CheckChar(body: string): string {
  const m = 36;
  let p = m;
  for (const ch of body.toUpperCase()) {
    const value = ALPHABET.indexOf(ch);
    if (value < 0) throw new Error(`character ${ch} is not in 0-9A-Z`);
    let s = (p + value) % m;
    if (s === 0) s = m;
    p = (s * 2) % (m + 1);
  }
  return ALPHABET[(m + 1 - p) % m]!;
}

export interface IdentifierParts {
  typeCode: string;
  issuerCode: string;
  serial: string;
  version: number;
}

export function buildIdentifier(parts: IdentifierParts): string {
  if (!/^[0-9A-Z]{21}$/.test(parts.typeCode)) throw new Error('证照类型代码 must be 21 characters');
  if (!/^[0-9A-Z]{18}$/.test(parts.issuerCode)) throw new Error('颁发机构代码 must be 18 characters');
  if (!/^[0-9]{13}$/.test(parts.serial)) throw new Error('流水号 must be 13 digits');
  if (!Number.isInteger(parts.version) || parts.version < 1 || parts.version > 99) throw new Error('版本号 must be 1–99');
  const body = `${parts.typeCode}${parts.issuerCode}${parts.serial}${String(parts.version).padStart(2, '0')}`;
  return body + mod3736CheckChar(body);
}

/** Splits an identifier into its parts, or null when its shape or check character is wrong. */
export function parseIdentifier(identifier: string): IdentifierParts | null {
  const text = identifier.trim().toUpperCase();
  if (!/^[0-9A-Z]{55}$/.test(text)) return null;
  if (mod3736CheckChar(text.slice(0, 54)) !== text[54]) return null;
  return { typeCode: text.slice(0, 21), issuerCode: text.slice(21, 39), serial: text.slice(39, 52), version: Number(text.slice(52, 54)) };
}
