import type { Database } from '../../server/src/db/database.js';
import type { Actor } from '../../server/src/modules/auth/actor.js';
import { acceptCase, approveCase, claimCase, completeReview, issueResult } from '../../server/src/modules/cases/service.js';

/** Who moves the bench's cases: plain data, so a child process can be handed it. */
export interface TransitionActors {
  clerkActor: Actor;
  reviewerActor: Actor;
}

/**
 * A case's five transitions in order (受理, 认领, 审查, 准予, 出件) and a stepper for `workers`
 * concurrent loops: each loop walks its current case through the five, then takes the next case
 * of `queue`. Every call of the stepper is one transition.
 */
export function caseWalker(db: Database, actors: TransitionActors, queue: readonly string[], workers: number) {
  const steps = [
    (id: string) => acceptCase({ db, actor: actors.clerkActor, caseId: id }),
    (id: string) => claimCase({ db, actor: actors.reviewerActor, caseId: id }),
    (id: string) => completeReview({ db, actor: actors.reviewerActor, caseId: id, opinion: '材料齐全，符合法定条件' }),
    (id: string) => approveCase({ db, actor: actors.reviewerActor, caseId: id, opinion: '准予许可' }),
    (id: string) => issueResult({ db, actor: actors.clerkActor, caseId: id, delivery: { method: 'window' } }),
  ];
  const cursor = Array.from({ length: workers }, () => ({ id: '', step: steps.length }));
  let taken = 0;
  return async (worker: number) => {
    const c = cursor[worker]!;
    if (c.step === steps.length) {
      if (taken >= queue.length) throw new Error('ran out of submitted cases; raise the estimate');
      c.id = queue[taken++]!;
      c.step = 0;
    }
    await steps[c.step]!(c.id);
    c.step++;
  };
}
