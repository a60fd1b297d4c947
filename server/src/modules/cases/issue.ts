import type { Database } from '../../db/database.js';
import type { DeliveryPreference } from '../../db/schema.js';
import { AppError, invalidState, validationFailed, type ErrorDetail } from '../../http/errors.js';
import { fieldLabel } from '../../http/field-labels.js';
import { now as clockNow } from '../../util/clock.js';
import type { Actor } from '../auth/actor.js';
import { deliveredLate } from './delivery.js';
import { assertNoPendingExtension } from './extensions.js';
import type { CasePatch } from './repo.js';
import { DELIVERY_CONSENT_METHODS, type TDeliveryConsent } from './schema.js';
import { transition } from './transition.js';

export type DeliveryMethod = 'window' | 'post';

/** How the clerk hands the result over (统一出件): at the window, or posted with its waybill. */
export interface IssueDelivery {
  method: DeliveryMethod;
  courier?: string;
  trackingNumber?: string;
  /** 邮寄地址 taken at the window when the applicant left none; the applicant's choice is used otherwise. */
  postAddress?: { recipient: string; phone: string; address: string };
  /** The applicant's consent to take at the window a result they chose to receive by post. */
  consent?: TDeliveryConsent;
}

/** A consent recorded a little ahead of the server's clock is a clock skew, not a future promise. */
const CONSENT_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * 统一出件: the result is handed over or posted; the case is completed (办结). The applicant's
 * chosen delivery holds: posting needs an address and the courier's waybill, and handing over at
 * the window a result the applicant chose to receive by post needs their consent on record (who,
 * how, when), written on the timeline. A licence's issuance says whether it came after its
 * art. 44 delivery deadline.
 */
export async function issueResult(options: { db: Database; actor: Actor; caseId: string; delivery: IssueDelivery; note?: string }) {
  const { delivery } = options;
  if (delivery.method === 'post') {
    const missing: ErrorDetail[] = [];
    if (!delivery.courier) missing.push(detail('body.delivery.courier', '邮寄送达需填写快递公司'));
    if (!delivery.trackingNumber) missing.push(detail('body.delivery.trackingNumber', '邮寄送达需填写运单号'));
    if (missing.length) throw new AppError('VALIDATION_FAILED', '邮寄送达需填写快递公司和运单号', missing);
  }
  return transition({
    ...options,
    action: 'issue',
    patch: async (current, db) => {
      await assertNoPendingExtension(db, current);
      if (current.fee_due) throw invalidState('该办件的费用尚未缴纳，缴费或办理减免后方可出件');
      const chosen = current.delivery_preference;
      const completedAt = clockNow();
      const patch: CasePatch = { completed_at: completedAt };
      const eventData: Record<string, unknown> = {
        delivery: { method: delivery.method, ...(delivery.method === 'post' ? { courier: delivery.courier, trackingNumber: delivery.trackingNumber } : {}) },
      };
      if (delivery.method === 'post') {
        const address = delivery.postAddress ?? (chosen?.method === 'post' ? chosen : null);
        if (!address) throw validationFailed('body.delivery.postAddress', '申请人没有留下邮寄地址，请填写收件人、手机号和详细地址');
        // An address taken at the window becomes the case's delivery choice, kept off the timeline.
        if (delivery.postAddress) patch.delivery_preference = { method: 'post', ...delivery.postAddress } satisfies DeliveryPreference;
      } else if (chosen?.method === 'post') {
        eventData.consent = consentRecord(delivery.consent, completedAt);
      }
      const late = deliveredLate(current, completedAt);
      if (late !== null) {
        patch.delivered_late = late;
        eventData.deliveryDueDate = current.delivery_due_date;
        eventData.deliveredLate = late;
      }
      return { ...patch, eventData };
    },
  });
}

/** The consent as the timeline keeps it; refused with DELIVERY_CONSENT_REQUIRED when there is none. */
function consentRecord(consent: TDeliveryConsent | undefined, now: Date) {
  if (!consent) {
    throw new AppError('DELIVERY_CONSENT_REQUIRED', '申请人选择了快递送达。改为窗口领取，须记录申请人的同意（同意人、方式、时间）', [
      detail('body.delivery.consent', '请记录申请人同意改为窗口领取'),
    ]);
  }
  const at = consent.consentedAt ? new Date(consent.consentedAt) : now;
  if (at.getTime() > now.getTime() + CONSENT_CLOCK_SKEW_MS) throw validationFailed('body.delivery.consent.consentedAt', '同意时间不能晚于现在');
  return { consentedBy: consent.consentedBy, method: consent.method, methodLabel: DELIVERY_CONSENT_METHODS[consent.method], consentedAt: at.toISOString() };
}

function detail(field: string, message: string): ErrorDetail {
  return { field, label: fieldLabel(field), message };
}
