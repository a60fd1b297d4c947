import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../../db/database.js';
import { canonicalJson } from '../../util/canonical-json.js';
import { ledgerHead, sealLedger } from './ledger.js';
import { keyFingerprint, verifySignature, type AuditSigner } from './signer.js';

export const CHECKPOINT_FILE = 'checkpoints.jsonl';

/**
 * A signed statement "the ledger had `position` rows and its head was `head` at `at`". Kept as
 * append-only JSON lines outside the database, each naming the one before (`prev`, SM3 of its
 * signed body) so a line taken out of the middle shows.
 */
export interface Checkpoint {
  v: 1;
  position: number;
  head: string;
  at: string;
  prev: string | null;
  key: string;
  sig: string;
}

type CheckpointBody = Omit<Checkpoint, 'sig'>;

const bodyOf = (c: Checkpoint | CheckpointBody): CheckpointBody => ({ v: c.v, position: c.position, head: c.head, at: c.at, prev: c.prev, key: c.key });
const digestOf = (c: Checkpoint) => crypto.createHash('sm3').update(canonicalJson(bodyOf(c))).digest('hex');

export async function readCheckpoints(dir: string): Promise<Checkpoint[]> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, CHECKPOINT_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Checkpoint);
}

/**
 * Seals what is pending and, when the ledger moved since the last checkpoint, appends a signed
 * one (fsynced). Returns the checkpoint written, or null when nothing changed.
 */
export async function writeCheckpoint(db: Database, options: { dir: string; signer: AuditSigner }): Promise<Checkpoint | null> {
  await sealLedger(db);
  const head = await ledgerHead(db);
  const previous = (await readCheckpoints(options.dir)).at(-1) ?? null;
  if (!head.hash || (previous && previous.position === head.position)) return null;
  const body: CheckpointBody = {
    v: 1,
    position: head.position,
    head: head.hash.toString('hex'),
    at: new Date().toISOString(),
    prev: previous ? digestOf(previous) : null,
    key: keyFingerprint(options.signer.publicKey),
  };
  const checkpoint: Checkpoint = { ...body, sig: await options.signer.sign(canonicalJson(body)) };
  await fs.mkdir(options.dir, { recursive: true });
  const file = await fs.open(path.join(options.dir, CHECKPOINT_FILE), 'a', 0o644);
  try {
    await file.write(`${JSON.stringify(checkpoint)}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  return checkpoint;
}

export interface CheckpointBreak {
  line: number;
  position: number;
  problem: 'bad_signature' | 'unknown_key' | 'chain_broken' | 'ledger_truncated' | 'ledger_rewritten';
}

/**
 * Checks each checkpoint's signature and link, and that the ledger still holds, at each
 * checkpoint's position, exactly the head that was signed.
 */
export async function verifyCheckpoints(
  db: Database,
  checkpoints: Checkpoint[],
  publicKey: string,
): Promise<{ checked: number; firstBreak: CheckpointBreak | null }> {
  let prev: Checkpoint | null = null;
  const fingerprint = keyFingerprint(publicKey);
  for (let i = 0; i < checkpoints.length; i++) {
    const c = checkpoints[i]!;
    const broken = (problem: CheckpointBreak['problem']) => ({ checked: i, firstBreak: { line: i + 1, position: c.position, problem } });
    if (c.key !== fingerprint) return broken('unknown_key');
    if (!verifySignature(canonicalJson(bodyOf(c)), c.sig, publicKey)) return broken('bad_signature');
    if (c.prev !== (prev ? digestOf(prev) : null)) return broken('chain_broken');
    const row = await db.selectFrom('audit_ledger').select('chain_hash').where('position', '=', c.position).executeTakeFirst();
    if (!row) return broken('ledger_truncated');
    if (row.chain_hash.toString('hex') !== c.head) return broken('ledger_rewritten');
    prev = c;
  }
  return { checked: checkpoints.length, firstBreak: null };
}
