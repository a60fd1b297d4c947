import type { Executor } from '../../db/database.js';

/**
 * Modules above joint (projects) hear when a joint application completes, inside the issuing
 * transaction, without joint importing them.
 */
export type CompletionListener = (trx: Executor, completed: { jointId: string; projectId: number | null }) => Promise<void>;

const listeners: CompletionListener[] = [];

export function onJointCompleted(listener: CompletionListener): void {
  if (!listeners.includes(listener)) listeners.push(listener);
}

export function completionListeners(): readonly CompletionListener[] {
  return listeners;
}
