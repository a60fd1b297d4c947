import { sm2, sm3, sm4 } from 'sm-crypto-v2';
import { canonicalJson } from '../../util/canonical-json.js';

/**
 * The national algorithms as the trading module uses them: SM2 (GB/T 32918) for signatures and
 * for sealing content keys, SM3 (GB/T 32905) for digests, SM4 (GB/T 32907, CBC, PKCS#7) for
 * contents. Pure and browser-safe: the web app seals, signs and opens bids with this same file,
 * so the private keys stay in the holder's browser.
 */

export interface KeyPair {
  publicKey: string;
  privateKey: string;
}

/** The user id SM2 signatures bind (GM/T 0009 default). */
const SIGNER_ID = '1234567812345678';
/** C1C3C2, the order GM/T 0009 and most Chinese CAs use. */
const CIPHER_MODE = 1;

export function generateKeyPair(): KeyPair {
  const pair = sm2.generateKeyPairHex();
  return { publicKey: pair.publicKey, privateKey: pair.privateKey };
}

export function publicKeyOf(privateKey: string): string {
  return sm2.getPublicKeyFromPrivateKey(privateKey);
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

export function fromHex(hex: string): Uint8Array {
  if (!/^([0-9a-f]{2})*$/i.test(hex)) throw new Error('not hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function fromUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

export function randomHex(bytes: number): string {
  const out = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(out);
  return toHex(out);
}

/** SM3 of bytes or of a string's UTF-8, hex. */
export function sm3Hex(input: Uint8Array | string): string {
  return sm3(typeof input === 'string' ? utf8(input) : input);
}

/** SM2 signature (SM3 with the signer's Z value, DER) over the canonical JSON of a record. */
export function signRecord(record: unknown, privateKey: string): string {
  return sm2.doSignature(utf8(canonicalJson(record)), privateKey, { hash: true, der: true, userId: SIGNER_ID });
}

export function verifyRecord(record: unknown, signature: string, publicKey: string): boolean {
  try {
    return sm2.doVerifySignature(utf8(canonicalJson(record)), signature, publicKey, { hash: true, der: true, userId: SIGNER_ID });
  } catch {
    return false;
  }
}

/** Seals a (content) key to a public key with SM2 encryption; only the private key opens it. */
export function sealTo(publicKey: string, secretHex: string): string {
  return sm2.doEncrypt(fromHex(secretHex), publicKey, CIPHER_MODE);
}

/** Opens what `sealTo` sealed; null when the key does not fit (SM2's C3 check fails). */
export function unseal(sealed: string, privateKey: string): string | null {
  try {
    const out = sm2.doDecrypt(sealed, privateKey, CIPHER_MODE, { output: 'array' });
    return out && out.length > 0 ? toHex(out) : null;
  } catch {
    return null;
  }
}

export function sm4Encrypt(plain: Uint8Array, keyHex: string, ivHex: string): Uint8Array {
  return sm4.encrypt(plain, keyHex, { mode: 'cbc', iv: ivHex, output: 'array' });
}

/** SM4-CBC decryption; null when the key is wrong (the padding does not check out). */
export function sm4Decrypt(cipher: Uint8Array, keyHex: string, ivHex: string): Uint8Array | null {
  try {
    return sm4.decrypt(cipher, keyHex, { mode: 'cbc', iv: ivHex, output: 'array' });
  } catch {
    return null;
  }
}
