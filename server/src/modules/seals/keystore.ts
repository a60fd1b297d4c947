import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The platform's seal key (AES-256-GCM) that encrypts every department's SM2 private key at rest.
 * From `ONEWINDOW_SEAL_KEY` (64 hex digits) when set — production keeps it outside the data
 * folder, in a secret store — otherwise `<data>/seal-master.key`, created once with mode 0600.
 */
export function loadSealKey(options: { sealKey?: string; dataDir: string }): Buffer {
  if (options.sealKey) {
    if (!/^[0-9a-fA-F]{64}$/.test(options.sealKey)) throw new Error('ONEWINDOW_SEAL_KEY must be 64 hex digits (32 bytes)');
    return Buffer.from(options.sealKey, 'hex');
  }
  const file = path.join(options.dataDir, 'seal-master.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    try {
      // 'wx': two processes starting at once never overwrite each other's key.
      fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const text = fs.readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(text)) throw new Error(`${file} does not hold a 32-byte hex key`);
  return Buffer.from(text, 'hex');
}

/** iv (12) ‖ tag (16) ‖ ciphertext. */
export function encryptPrivateKey(key: Buffer, privateKeyHex: string): Buffer {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(privateKeyHex, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function decryptPrivateKey(key: Buffer, sealed: Buffer): string {
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
}

const keys = new Map<string, Buffer>();

/** The seal key for this configuration, read once per process. */
export function sealSignerFor(config: { sealKey?: string; dataDir: string }): { sealKey: Buffer } {
  const cacheKey = config.sealKey ? `env:${config.sealKey}` : `dir:${config.dataDir}`;
  let key = keys.get(cacheKey);
  if (!key) keys.set(cacheKey, (key = loadSealKey(config)));
  return { sealKey: key };
}
