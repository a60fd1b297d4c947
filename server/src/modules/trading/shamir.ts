/**
 * Shamir's secret sharing (1979) over GF(2^8), byte by byte: each byte of the secret is the
 * constant term of a random polynomial of degree k−1; share x holds every polynomial's value at x.
 * Any k shares give the secret back by Lagrange interpolation at 0; k−1 shares are consistent with
 * every possible secret, so they tell nothing. GF(2^8) with the AES polynomial x^8+x^4+x^3+x+1.
 */

const EXP = new Uint8Array(510);
const LOG = new Uint8Array(256);
{
  let value = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = value;
    LOG[value] = i;
    // Multiply by the generator 3 = x + 1.
    value ^= (value << 1) ^ (value & 0x80 ? 0x11b : 0);
    value &= 0xff;
  }
  for (let i = 255; i < 510; i++) EXP[i] = EXP[i - 255]!;
}

export function gfMul(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  return EXP[LOG[a]! + LOG[b]!]!;
}

export function gfDiv(a: number, b: number): number {
  if (b === 0) throw new RangeError('division by zero in GF(256)');
  if (a === 0) return 0;
  return EXP[LOG[a]! + 255 - LOG[b]!]!;
}

export interface Share {
  /** 1…255: the point the polynomials were evaluated at. */
  x: number;
  y: Uint8Array;
}

/** Splits a secret into n shares of which any k rebuild it. `random(len)` gives coefficient bytes. */
export function splitSecret(secret: Uint8Array, n: number, k: number, random: (length: number) => Uint8Array): Share[] {
  if (!(Number.isInteger(k) && Number.isInteger(n) && k >= 2 && k <= n && n <= 255)) throw new RangeError('need 2 ≤ k ≤ n ≤ 255');
  const shares: Share[] = Array.from({ length: n }, (_, i) => ({ x: i + 1, y: new Uint8Array(secret.length) }));
  for (let byte = 0; byte < secret.length; byte++) {
    const coefficients = [secret[byte]!, ...random(k - 1)];
    for (const share of shares) {
      // Horner's rule from the highest coefficient down.
      let value = 0;
      for (let c = coefficients.length - 1; c >= 0; c--) value = gfMul(value, share.x) ^ coefficients[c]!;
      share.y[byte] = value;
    }
  }
  return shares;
}

/** Lagrange interpolation at x = 0. With fewer than k shares the answer is some other value. */
export function combineShares(shares: readonly Share[]): Uint8Array {
  if (shares.length === 0) throw new RangeError('no shares');
  const xs = shares.map((s) => s.x);
  if (new Set(xs).size !== xs.length || xs.some((x) => !(x >= 1 && x <= 255))) throw new RangeError('share points must be distinct, 1…255');
  const length = shares[0]!.y.length;
  if (shares.some((s) => s.y.length !== length)) throw new RangeError('shares of different lengths');
  const out = new Uint8Array(length);
  for (let i = 0; i < shares.length; i++) {
    // The Lagrange basis polynomial of share i at 0: Π x_j / (x_j − x_i), subtraction being XOR.
    let basis = 1;
    for (let j = 0; j < shares.length; j++) {
      if (i === j) continue;
      basis = gfMul(basis, gfDiv(xs[j]!, xs[j]! ^ xs[i]!));
    }
    for (let byte = 0; byte < length; byte++) out[byte]! ^= gfMul(shares[i]!.y[byte]!, basis);
  }
  return out;
}

/** `x:hex`, the form a share travels and is stored in. */
export function encodeShare(share: Share): string {
  return `${share.x}:${Array.from(share.y, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function decodeShare(text: string): Share {
  const match = /^(\d{1,3}):((?:[0-9a-f]{2})+)$/i.exec(text.trim());
  if (!match || Number(match[1]) < 1 || Number(match[1]) > 255) throw new RangeError('not a share');
  const hex = match[2]!;
  const y = new Uint8Array(hex.length / 2);
  for (let i = 0; i < y.length; i++) y[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return { x: Number(match[1]), y };
}
