import type { Database } from '../../db/database.js';
import type { CaseEventSignal } from '../supervision/live.js';

/**
 * After-commit hooks on case steps, for modules above cases (licences issue on approval, the
 * archive files a completed case): cases announces the step, the subscriber acts, and cases
 * never imports it. A hook runs after the step has committed and before the caller is answered;
 * a failing hook is reported, never undoes the step, and is safe to run again (each subscriber
 * makes its work idempotent).
 */
export type CaseStepHook = (db: Database, step: CaseEventSignal) => Promise<void>;

interface Subscription {
  actions: ReadonlySet<string>;
  run: CaseStepHook;
  onError: (error: unknown, step: CaseEventSignal) => void;
}

const hooks = new WeakMap<Database, Map<string, Subscription>>();

/** Subscribes `run` to these actions on this database; the same name again replaces it. */
export function onCaseStep(db: Database, name: string, actions: string[], run: CaseStepHook, onError: Subscription['onError']): void {
  let map = hooks.get(db);
  if (!map) hooks.set(db, (map = new Map()));
  map.set(name, { actions: new Set(actions), run, onError });
}

export async function runCaseStepHooks(db: Database, steps: CaseEventSignal[]): Promise<void> {
  const map = hooks.get(db);
  if (!map) return;
  for (const step of steps) {
    for (const subscription of map.values()) {
      if (!subscription.actions.has(step.action)) continue;
      try {
        await subscription.run(db, step);
      } catch (error) {
        subscription.onError(error, step);
      }
    }
  }
}
