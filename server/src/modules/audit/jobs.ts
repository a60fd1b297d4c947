import type { Database } from '../../db/database.js';
import { writeCheckpoint } from './checkpoints.js';
import { sealLedger } from './ledger.js';
import type { AuditSigner } from './signer.js';

/**
 * Seals the ledger every few seconds and writes a signed checkpoint every `checkpointSeconds`
 * when it moved. The window an insider has to rewrite rows unnoticed is the time to the next
 * checkpoint; stopping writes a last one.
 */
export function startAuditJobs(
  db: Database,
  options: { dir: string; signer: AuditSigner; checkpointSeconds: number; sealMs?: number },
  onError: (error: unknown) => void,
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const queue = (work: () => Promise<unknown>) => {
    running = running.then(work).catch(onError);
  };
  const seal = setInterval(() => queue(() => sealLedger(db)), options.sealMs ?? 2_000);
  const checkpoint = setInterval(() => queue(() => writeCheckpoint(db, options)), options.checkpointSeconds * 1000);
  seal.unref();
  checkpoint.unref();
  return async () => {
    clearInterval(seal);
    clearInterval(checkpoint);
    queue(() => writeCheckpoint(db, options));
    await running;
  };
}
