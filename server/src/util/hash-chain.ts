import crypto from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/**
 * One link of an SM3 (GB/T 32905) hash chain: the previous link's hash followed by the canonical
 * JSON of the record. Case timelines and the trading audit trail both chain through this.
 */
export function chainHash(prev: Buffer | null, record: unknown): Buffer {
  const hash = crypto.createHash('sm3');
  if (prev) hash.update(prev);
  hash.update(canonicalJson(record));
  return hash.digest();
}
