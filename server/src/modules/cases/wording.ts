import type { CaseStatus, ItemTypeCode } from '../../db/schema.js';
import { ACTION_LABELS, STATUS_LABELS, type CaseAction } from './state-machine.js';

/**
 * The words a decision uses depend on what kind of power the item is. 准予/不予行政许可 and the
 * remedies of 行政复议 and 行政诉讼 (行政许可法 art. 38) belong to licences; a 行政确认 confirms,
 * a 行政给付 grants a benefit, a 公共服务 is simply done or not done.
 */
export interface DecisionWords {
  /** The decision in a sentence: 决定准予行政许可 / 予以确认 / 准予给付 / 予以办理. */
  grant: string;
  deny: string;
  /** Status shown once decided. */
  grantedStatus: string;
  deniedStatus: string;
  /** Titles of the written decisions. */
  grantTitle: string;
  denyTitle: string;
  /** The legal ground quoted in a grant, if any. */
  grantBasis: string | null;
  /** The applicant's remedies printed on a denial; null where the law prescribes none here. */
  remedies: string | null;
  /** 文号 marks after the organ's 代字: 梅市监 + 许准 〔2026〕12号. */
  grantMark: string;
  denyMark: string;
}

const LICENCE_REMEDIES = '如不服本决定，可在收到决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。';

const LICENCE: DecisionWords = {
  grant: '准予行政许可',
  deny: '不予行政许可',
  grantedStatus: '准予许可（待出件）',
  deniedStatus: '不予许可（待送达）',
  grantTitle: '准予行政许可决定书',
  denyTitle: '不予行政许可决定书',
  grantBasis: '根据《中华人民共和国行政许可法》第三十八条第一款的规定',
  remedies: LICENCE_REMEDIES,
  grantMark: '许准',
  denyMark: '许不准',
};

const CONFIRMATION: DecisionWords = {
  grant: '予以确认',
  deny: '不予确认',
  grantedStatus: '予以确认（待出件）',
  deniedStatus: '不予确认（待送达）',
  grantTitle: '行政确认决定书',
  denyTitle: '不予确认告知书',
  grantBasis: null,
  remedies: null,
  grantMark: '确',
  denyMark: '不确',
};

const BENEFIT: DecisionWords = {
  grant: '准予给付',
  deny: '不予给付',
  grantedStatus: '准予给付（待出件）',
  deniedStatus: '不予给付（待送达）',
  grantTitle: '准予给付决定书',
  denyTitle: '不予给付告知书',
  grantBasis: null,
  remedies: null,
  grantMark: '给',
  denyMark: '不给',
};

const PUBLIC_SERVICE: DecisionWords = {
  grant: '予以办理',
  deny: '不予办理',
  grantedStatus: '已办理（待出件）',
  deniedStatus: '不予办理（待送达）',
  grantTitle: '办理结果通知书',
  denyTitle: '不予办理告知书',
  grantBasis: null,
  remedies: null,
  grantMark: '办',
  denyMark: '不办',
};

const OTHER: DecisionWords = {
  grant: '同意办理',
  deny: '不同意办理',
  grantedStatus: '同意（待出件）',
  deniedStatus: '不同意（待送达）',
  grantTitle: '办理决定书',
  denyTitle: '不予办理告知书',
  grantBasis: null,
  remedies: null,
  grantMark: '决',
  denyMark: '不决',
};

/** The decision words of an item type (事项类型 code). */
export function wordsFor(itemType: ItemTypeCode | string): DecisionWords {
  switch (itemType) {
    case '01':
      return LICENCE;
    case '07':
      return CONFIRMATION;
    case '05':
      return BENEFIT;
    case '20':
      return PUBLIC_SERVICE;
    default:
      return OTHER;
  }
}

/** The remedies a denial of this item type prints, or null. */
export function remediesFor(itemType: ItemTypeCode | string): string | null {
  return wordsFor(itemType).remedies;
}

/** A case's status in the words of its item type. */
export function statusLabelFor(status: CaseStatus, itemType: ItemTypeCode | string): string {
  if (status === 'approved') return wordsFor(itemType).grantedStatus;
  if (status === 'denied') return wordsFor(itemType).deniedStatus;
  return STATUS_LABELS[status];
}

/** A timeline row's label: a chain step by its own name, a decision in its item type's words. */
export function actionLabelFor(action: string, data: Record<string, unknown>, itemType: ItemTypeCode | string): string {
  if (action === 'approve') return `作出决定：${wordsFor(itemType).grant}`;
  if (action === 'deny') return `作出决定：${wordsFor(itemType).deny}`;
  if (action === 'complete_review' && typeof data.stepLabel === 'string') return `${data.stepLabel}完成`;
  if (action === 'countersign' && typeof data.stepLabel === 'string') return `${data.stepLabel}（会签）`;
  return ACTION_LABELS[action as CaseAction] ?? action;
}
