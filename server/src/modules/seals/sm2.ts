import crypto from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';

/** GB/T 32918 default signer ID (ENTL = 128 bits); also OpenSSL's `distid:1234567812345678`. */
export const SM2_USER_ID = '1234567812345678';

export function generateSm2KeyPair(): { privateKey: string; publicKey: string } {
  const pair = sm2.generateKeyPairHex();
  return { privateKey: pair.privateKey, publicKey: pair.publicKey };
}

/** SM2 signature with SM3 and the default user ID over `message`, DER-encoded (r, s). */
export function sm2Sign(message: Uint8Array, privateKeyHex: string): Buffer {
  return Buffer.from(sm2.doSignature(message, privateKeyHex, { hash: true, der: true, userId: SM2_USER_ID }), 'hex');
}

export function sm2Verify(message: Uint8Array, signature: Buffer, publicKeyHex: string): boolean {
  try {
    return sm2.doVerifySignature(message, signature.toString('hex'), publicKeyHex, { hash: true, der: true, userId: SM2_USER_ID });
  } catch {
    // A malformed signature is simply not a valid one.
    return false;
  }
}

/** SubjectPublicKeyInfo prefix for an uncompressed key on the SM2 curve (id-ecPublicKey, sm2p256v1). */
const SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');

/** The public key as PEM (SPKI), the form OpenSSL, GmSSL and Bouncy Castle read. */
export function publicKeyPem(publicKeyHex: string): string {
  const der = Buffer.concat([SPKI_PREFIX, Buffer.from(publicKeyHex, 'hex')]);
  return `-----BEGIN PUBLIC KEY-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

export const sm3Hex = (bytes: Uint8Array) => crypto.createHash('sm3').update(bytes).digest('hex');
export const sm3 = (bytes: Uint8Array) => crypto.createHash('sm3').update(bytes).digest();
