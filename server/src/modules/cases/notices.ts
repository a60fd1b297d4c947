import type { CaseAction } from './state-machine.js';

interface NoticeContext {
  number: string;
  dueDate: string | null;
  data: Record<string, unknown>;
}

interface Notice {
  title: string;
  body: string;
  /** Also by SMS: the steps an applicant must act on or would otherwise miss. */
  sms: boolean;
}

/**
 * What the applicant is told at each step (in the app, and by SMS where it matters). Steps the
 * applicant took themselves, and internal ones, tell them nothing.
 */
const NOTICES: Partial<Record<CaseAction, (c: NoticeContext) => Notice>> = {
  submit: (c) => ({ title: '申请已提交', body: `您的申请（编号 ${c.number}）已提交，等待窗口受理。`, sms: false }),
  request_correction: (c) => ({
    title: '请补正材料',
    body: `您的申请（编号 ${c.number}）需要补正：${(c.data.missing as string[] | undefined)?.join('；') ?? ''}。请一次性补齐后重新提交。`,
    sms: true,
  }),
  accept: (c) => ({ title: '申请已受理', body: `您的申请（编号 ${c.number}）已受理，承诺办结日期 ${c.dueDate}。`, sms: true }),
  deem_accept: (c) => ({
    title: '申请已依法视为受理',
    body: `您的申请（编号 ${c.number}）自收到材料之日（${String(c.data.receivedOn ?? '')}）起五个工作日内未被告知补正，依法视为受理，承诺办结日期 ${c.dueDate}。`,
    sms: true,
  }),
  refuse: (c) => ({ title: '申请不予受理', body: `您的申请（编号 ${c.number}）不予受理，请查看不予受理决定书。`, sms: true }),
  // The words follow the item's type (wording.ts): 准予行政许可 for a licence, 予以确认, 准予给付 …
  approve: (c) => ({ title: '审批通过', body: `您的申请（编号 ${c.number}）经审查决定${String(c.data.decision ?? '准予行政许可')}，办理结果待领取或寄送。`, sms: true }),
  deny: (c) => ({
    title: '审批结果',
    body: `您的申请（编号 ${c.number}）经审查决定${String(c.data.decision ?? '不予行政许可')}，请查看决定书${c.data.remedies ? '及救济途径' : '及理由'}。`,
    sms: true,
  }),
  issue: (c) => {
    const delivery = c.data.delivery as { method?: string; courier?: string; trackingNumber?: string } | undefined;
    return delivery?.method === 'post'
      ? { title: '结果已寄出', body: `您的办理结果（编号 ${c.number}）已由${delivery.courier}寄出，运单号 ${delivery.trackingNumber}。`, sms: true }
      : { title: '办件已办结', body: `您的申请（编号 ${c.number}）已办结，结果已领取。`, sms: false };
  },
  stop_clock: (c) =>
    c.data.kind === 'correction'
      ? { title: '请补充材料', body: `您的申请（编号 ${c.number}）按本事项规定需要补充材料，期间暂停计时。`, sms: true }
      : {
          // The written notice (特别程序告知书) is downloadable on the case; this tells them it exists.
          title: '特别程序告知',
          body: `您的申请（编号 ${c.number}）依法需要进行${String(c.data.kindLabel ?? '特别程序')}${
            typeof c.data.expectedEndDate === 'string' ? `，预计需要 ${String(c.data.expectedWorkdays)} 个工作日（至 ${c.data.expectedEndDate}）` : ''
          }，所需时间不计入办理时限。请在办件详情中查看《特别程序告知书》。`,
          sms: true,
        },
  approve_extension: (c) => ({ title: '办理期限延长', body: `您的申请（编号 ${c.number}）经批准延期，新的办结日期 ${c.dueDate}。`, sms: true }),
};

export function noticeFor(action: CaseAction, context: NoticeContext): Notice | null {
  return NOTICES[action]?.(context) ?? null;
}
