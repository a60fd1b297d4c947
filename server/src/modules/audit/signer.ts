import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sm2 } from 'sm-crypto-v2';

/**
 * Signs audit checkpoints with the centre's SM2 key (GB/T 32918). A provider interface, so a
 * production install can sign in an HSM or a remote signer; the local one keeps the key in the
 * audit folder (mode 0600), created on first use.
 */
export interface AuditSigner {
  /** Uncompressed public key, hex. */
  publicKey: string;
  sign(message: string): Promise<string>;
}

export function verifySignature(message: string, signature: string, publicKey: string): boolean {
  try {
    return sm2.doVerifySignature(message, signature, publicKey, { hash: true, der: false });
  } catch {
    return false;
  }
}

/** Short fingerprint of a public key (SM3, first 16 hex), printed so it can be recorded elsewhere. */
export function keyFingerprint(publicKey: string): string {
  return crypto.createHash('sm3').update(publicKey).digest('hex').slice(0, 16);
}

export const PRIVATE_KEY_FILE = 'centre-sm2.key';
export const PUBLIC_KEY_FILE = 'centre-sm2.pub';

export async function localSigner(dir: string): Promise<AuditSigner> {
  await fs.mkdir(dir, { recursive: true });
  const keyPath = path.join(dir, PRIVATE_KEY_FILE);
  let key: { privateKey: string; publicKey: string };
  try {
    key = JSON.parse(await fs.readFile(keyPath, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    key = sm2.generateKeyPairHex();
    // wx: two processes starting at once must not both write a key.
    await fs.writeFile(keyPath, JSON.stringify(key), { mode: 0o600, flag: 'wx' }).catch(async (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
      key = JSON.parse(await fs.readFile(keyPath, 'utf8'));
    });
    await fs.writeFile(path.join(dir, PUBLIC_KEY_FILE), `${key.publicKey}\n`);
  }
  return {
    publicKey: key.publicKey,
    async sign(message) {
      return sm2.doSignature(message, key.privateKey, { hash: true, der: false, publicKey: key.publicKey });
    },
  };
}

export async function readPublicKey(dir: string): Promise<string | null> {
  try {
    return (await fs.readFile(path.join(dir, PUBLIC_KEY_FILE), 'utf8')).trim();
  } catch {
    return null;
  }
}
