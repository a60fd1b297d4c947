/**
 * The cases module's public functions, for modules built on top of cases (joint applications own
 * child cases; trading and others read them). Everything else in this folder is internal.
 *
 * A child case is opened and accepted with `openAcceptedCaseIn` inside the caller's transaction
 * (optionally marked as joint handling with `markJointHandling`: its own extension is then the
 * government head's, art. 42) and runs its item's normal review chain: `claimCase` →
 * `completeReview` per step → `approveCase` / `denyCase`.
 */
export {
  acceptCase,
  approveCase,
  chooseDelivery,
  claimCase,
  completeReview,
  decideExtension,
  denyCase,
  issueResult,
  openAcceptedCaseIn,
  reassignOpenCases,
  recordOnTimeline,
  refuseCase,
  registerWalkIn,
  requestCorrection,
  requestExtension,
  resubmitCase,
  resumeClock,
  stopClock,
  submitApplication,
  withdrawCase,
} from './service.js';
export { extensionRuleFor, JOINT_EXTENSION_WORKDAYS, JOINT_LEGAL_LIMIT_WORKDAYS, listPendingExtensions, markJointHandling } from './extensions.js';
export { currentStep } from './review.js';
export { statusLabelFor, wordsFor, type DecisionWords } from './wording.js';
export { visibleCases } from './policy.js';
export { getCaseDetail, listCases } from './view.js';
export { OPEN_STATUSES, STATUS_LABELS } from './state-machine.js';
export type { CaseRow } from './repo.js';
