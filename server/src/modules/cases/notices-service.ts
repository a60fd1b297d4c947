import crypto from 'node:crypto';
import type { Database, Executor } from '../../db/database.js';
import type { DeliveryPreference } from '../../db/schema.js';
import { AppError, invalidState, notFound } from '../../http/errors.js';
import { renderDeliveryReceipt } from '../../documents/delivery-receipt-pdf.js';
import { maskPhone } from '../../util/mask.js';
import { PDF_DOCUMENT_KEY, renderNotice, SERIAL_MARK, type NoticeContent, type NoticeKind, type NoticeOpinion } from '../../documents/notice-pdf.js';
import { chinaDate, chinaDateText, chinaTimeText } from '../../util/china-time.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { REVIEW_STEP_KIND_LABELS } from '../catalog/review-chain.js';
import { signAsDepartment, type SealSigner } from '../seals/service.js';
import { sm3 } from '../seals/sm2.js';
import { canonicalJson } from '../../util/canonical-json.js';
import { decidingOrgan, type Organ } from './decision-authority.js';
import * as docs from './documents-repo.js';
import * as repo from './repo.js';
import { wordsFor, type DecisionWords } from './wording.js';
import { isSpecialProcedure } from './state-machine.js';

export { PDF_DOCUMENT_KEY };

/** What sealing a notice needs from the running platform. */
export interface NoticeDeps {
  signer: SealSigner;
  /** Base of the progress and verification URLs printed on the notice. */
  publicUrl: string;
}

/** The steps that produce each notice; a notice exists only once its step has happened. */
export const NOTICE_SOURCES: Record<NoticeKind, readonly string[]> = {
  acceptance: ['accept', 'deem_accept'],
  correction: ['request_correction'],
  refusal: ['refuse'],
  approval: ['approve', 'decide_on_spot'],
  denial: ['deny'],
  // A stop for a 特别程序 (art. 45), not one for 补正.
  special_procedure: ['stop_clock'],
  delivery: ['issue'],
};

/** Whether a timeline row produces a notice of `kind`. */
export function producesNotice(kind: NoticeKind, event: { action: string; data: Record<string, unknown> }): boolean {
  if (!NOTICE_SOURCES[kind].includes(event.action)) return false;
  return kind !== 'special_procedure' || isSpecialProcedure(event.data.kind);
}

/** Who receives a printed notice: the applicant, the window that hands it over, the deciding department. */
const NOTICE_ROLES = new Set(['applicant', 'clerk', 'reviewer', 'department_head']);

/** The timeline rows whose opinions a decision prints, each under its own label. */
const OPINION_ACTIONS = new Set(['complete_review', 'countersign', 'approve', 'deny', 'decide_on_spot']);

/**
 * 受理通知书, 补正材料通知书, 不予受理决定书 and the decisions as the applicant received them: the
 * sealed PDF of the latest step that produced the kind (sealed now if the step's hook did not).
 */
export async function noticeForActor(options: { db: Database; deps: NoticeDeps; actor: Actor; caseId: string; kind: NoticeKind }): Promise<{ document: docs.CaseDocumentRow; fileName: string }> {
  const { db, actor, caseId, kind } = options;
  if (!NOTICE_ROLES.has(actor.role)) throw notFound('文书');
  const detail = await repo.findVisibleCaseDetail(db, caseId, actor);
  if (!detail) throw notFound('办件');
  const sealed = await sealNotice(db, options.deps, caseId, kind);
  if (!sealed) throw new AppError('NOT_FOUND', '这个办件还没有这份文书');
  // Named as the applicant files it: the document and the case it belongs to.
  return { document: sealed, fileName: `${sealed.title}-${detail.number}.pdf` };
}

/**
 * Seals the notice of `kind` for the latest step that produced it, once — when it is first handed
 * out (downloaded by the applicant, printed at the window) or at the latest when the case is
 * archived; rendering costs a CJK font subset, so no step waits for it. Renders it in the
 * deciding organ's name, signs the PDF and its content with the organ's seal, and stores both
 * with an audit row in one transaction. A second call returns the stored document unchanged, so
 * the applicant, the window and the archive hold the same bytes.
 * @returns the document, or null when the case has no such step yet
 */
export async function sealNotice(db: Database, deps: NoticeDeps, caseId: string, kind: NoticeKind): Promise<docs.CaseDocumentRow | null> {
  const events = await repo.listEvents(db, caseId);
  const source = events.filter((e) => producesNotice(kind, e)).at(-1);
  if (!source) return null;
  const existing = await docs.findDocument(db, caseId, kind, source.seq);
  if (existing) return existing;
  const current = await docs.caseForNotice(db, caseId);
  if (!current) return null;

  const words = wordsFor(current.item_type);
  // A 送达回证 is issued by the organ whose decision it delivers.
  const decisionEvent = kind === 'delivery' ? events.filter((e) => e.seq < source.seq && DECISION_ACTIONS.has(e.action)).at(-1) : source;
  const decisionDepartmentId = typeof decisionEvent?.data.decisionDepartmentId === 'number' ? decisionEvent.data.decisionDepartmentId : null;
  // A decision keeps the organ it was made in; a notice is issued by the organ deciding today.
  const organ = decisionDepartmentId !== null ? await organById(db, decisionDepartmentId) : await decidingOrgan(db, current);
  const issuedOn = chinaDate(source.at);
  const year = issuedOn.slice(0, 4);
  const documentNumber =
    typeof source.data.decisionNumber === 'string' ? source.data.decisionNumber : `${organ.abbreviation}${SERIAL_MARK[kind]}字〔${year}〕第 ${current.number} 号`;
  const sinceAcceptance = events.filter((e) => e.seq <= source.seq && e.seq > (events.filter((x) => x.action === 'accept' && x.seq <= source.seq).at(-1)?.seq ?? 0));
  const opinions = kind === 'approval' || kind === 'denial' ? await opinionsOf(db, sinceAcceptance, words) : undefined;
  const documentId = crypto.randomUUID();
  const title = titleOf(kind, words);

  const seal = await activeSealOf(db, organ.id);
  // Checked before rendering (the costly part): an unsealed notice is never handed out.
  if (!seal) throw invalidState(`${organ.name}没有有效的电子印章，请先由管理员制章后再出具文书`);

  return db.transaction().execute(async (trx) => {
    const content: NoticeContent = {
      kind,
      documentId,
      title,
      documentNumber,
      issuerName: organ.name,
      centreName: current.centre_name,
      centrePhone: current.centre_phone,
      departmentName: current.department_name,
      applicantName: current.applicant_name,
      itemName: current.item_name,
      caseNumber: current.number,
      queryCode: current.query_code,
      appliedOn: chinaDate(current.submitted_at),
      issuedOn,
      opinions,
      seal: { departmentName: organ.name, name: seal.name },
      progressUrl: `${deps.publicUrl}/progress?number=${encodeURIComponent(current.number)}&code=${current.query_code}`,
      verifyUrl: `${deps.publicUrl}/verify`,
      ...(kind === 'delivery'
        ? deliveryReceiptText({ source, decision: decisionEvent, words, caseNumber: current.number, centreName: current.centre_name, applicantName: current.applicant_name, chosen: current.delivery_preference })
        : noticeText(kind, words, source, current)),
    };
    const pdf = kind === 'delivery' ? await renderDeliveryReceipt(content) : await renderNotice(content);
    const signedData = noticeSignedData({ content, issuerCode: organ.creditCode, sealCode: seal.code });
    const signed = await signAsDepartment(trx, deps.signer, organ.id, [signedData, pdf]);
    const row = await docs.insertDocument(trx, {
      id: documentId,
      case_id: caseId,
      kind,
      source_seq: source.seq,
      title,
      number: documentNumber,
      issuer_department_id: organ.id,
      issued_on: issuedOn,
      seal_id: signed.seal.id,
      signed_at: signed.signedAt,
      signed_data: signedData,
      data_signature: signed.signatures[0]!,
      pdf,
      pdf_sm3: sm3(pdf),
      pdf_signature: signed.signatures[1]!,
    });
    if (row.id === documentId) {
      await writeAudit(trx, { actorId: null, action: 'document.seal', targetType: 'case', targetId: caseId, detail: { documentId, kind, number: documentNumber, sealId: signed.seal.id } });
    }
    return row;
  });
}

/**
 * The exact bytes a seal signs for a notice's content (README: "What is signed"): canonical JSON
 * (keys sorted at every level, no whitespace, UTF-8) of what the notice says and who issues it.
 */
export function noticeSignedData(input: { content: NoticeContent; issuerCode: string; sealCode: string }): Buffer {
  const c = input.content;
  return Buffer.from(
    canonicalJson({
      documentId: c.documentId,
      documentKind: c.kind,
      documentTitle: c.title,
      documentNumber: c.documentNumber,
      caseNumber: c.caseNumber,
      itemName: c.itemName,
      applicantName: c.applicantName,
      issuerName: c.issuerName,
      issuerCode: input.issuerCode,
      issuedDate: c.issuedOn,
      paragraphs: c.paragraphs,
      list: c.list ?? [],
      opinions: c.opinions ?? [],
      // Left out when absent, so the notices sealed before forms existed keep their signed bytes.
      rows: c.rows,
      sealCode: input.sealCode,
    }),
    'utf8',
  );
}

function activeSealOf(db: Executor, departmentId: number) {
  return db.selectFrom('department_seals').select(['code', 'name']).where('department_id', '=', departmentId).where('status', '=', 'active').executeTakeFirst();
}

async function organById(db: Executor, departmentId: number): Promise<Organ> {
  const row = await docs.findOrgan(db, departmentId);
  if (!row) throw notFound('部门');
  return { id: row.id, name: row.name, creditCode: row.credit_code, abbreviation: row.abbreviation ?? row.name, phone: row.phone };
}

function titleOf(kind: NoticeKind, words: DecisionWords): string {
  return { acceptance: '受理通知书', correction: '补正材料通知书', refusal: '不予受理决定书', approval: words.grantTitle, denial: words.denyTitle, special_procedure: '特别程序告知书', delivery: '送达回证' }[kind];
}

/** The steps whose written decision an issuance delivers. */
const DECISION_ACTIONS = new Set(['approve', 'deny', 'decide_on_spot']);

/**
 * The 送达回证's form from the issuance on the timeline: the decision delivered (with the licence
 * for a grant), 送达方式 and 送达地点 as the clerk recorded them, the recipient, the time, the
 * clerk, the applicant's consent where the way changed, and the lines signed on paper.
 */
function deliveryReceiptText(input: {
  source: TimelineRow;
  decision: TimelineRow | undefined;
  words: DecisionWords;
  caseNumber: string;
  centreName: string;
  applicantName: string;
  chosen: DeliveryPreference | null;
}): Pick<NoticeContent, 'paragraphs' | 'rows'> {
  const { source, decision, words } = input;
  const delivery = (source.data.delivery ?? {}) as { method?: string; courier?: string; trackingNumber?: string };
  const post = delivery.method === 'post';
  const granted = decision?.action === 'approve' || decision?.action === 'decide_on_spot';
  const title = granted ? words.grantTitle : words.denyTitle;
  const number = typeof decision?.data.decisionNumber === 'string' ? `（${decision.data.decisionNumber}）` : '';
  const address = input.chosen?.method === 'post' ? input.chosen : null;
  const consent = source.data.consent as { consentedBy: string; methodLabel: string; consentedAt: string } | undefined;
  const dueDate = typeof source.data.deliveryDueDate === 'string' ? source.data.deliveryDueDate : null;
  const clerk = source.actor_name ?? '—';
  const rows = [
    { label: '申请编号', value: input.caseNumber },
    { label: '送达文书', value: `${title}${number}${granted ? '及所附证照' : ''}` },
    { label: '受送达人', value: post && address ? `${input.applicantName}（收件人：${address.recipient}，电话：${maskPhone(address.phone) ?? ''}）` : input.applicantName },
    { label: '送达方式', value: post ? `邮寄送达（${delivery.courier ?? ''}，运单号 ${delivery.trackingNumber ?? ''}）` : '直接送达（统一出件窗口领取）' },
    { label: '送达地点', value: post ? (address?.address ?? '—') : `${input.centreName}统一出件窗口` },
    { label: '送达时间', value: chinaTimeText(new Date(source.at)) },
    { label: '送达人', value: clerk },
    ...(consent ? [{ label: '申请人同意', value: `申请人原选择邮寄送达，${consent.consentedBy}于${chinaTimeText(new Date(consent.consentedAt))}${consent.methodLabel}，同意改为窗口领取。` }] : []),
    ...(dueDate ? [{ label: '送达期限', value: `${chinaDateText(dueDate)}前（《中华人民共和国行政许可法》第四十四条）${source.data.deliveredLate ? '，逾期送达' : ''}` }] : []),
    ...(source.note ? [{ label: '备注', value: source.note }] : []),
  ];
  const paragraphs = post
    ? [`受送达人签收：邮寄送达，以${delivery.courier ?? '快递'}签收记录为准（运单号 ${delivery.trackingNumber ?? ''}）。`, `送达人（签名）：${clerk}　＿＿＿＿＿＿＿＿`]
    : ['受送达人（签名）：＿＿＿＿＿＿＿＿　　签收日期：＿＿＿＿年＿＿月＿＿日', `送达人（签名）：${clerk}　＿＿＿＿＿＿＿＿`];
  return { rows, paragraphs };
}

type TimelineRow = Awaited<ReturnType<typeof repo.listEvents>>[number];

/** 承办意见, 审核意见, 批准意见 …: each signed step of the chain under its own label, with who and when. */
async function opinionsOf(db: Executor, events: TimelineRow[], words: DecisionWords): Promise<NoticeOpinion[]> {
  const countersigning = [...new Set(events.filter((e) => e.action === 'countersign').map((e) => e.data.departmentId).filter((id): id is number => typeof id === 'number'))];
  const names = countersigning.length ? await db.selectFrom('departments').select(['id', 'name']).where('id', 'in', countersigning).execute() : [];
  return events
    .filter((e) => OPINION_ACTIONS.has(e.action))
    .map((e) => {
      const kind = e.data.stepKind as keyof typeof REVIEW_STEP_KIND_LABELS | undefined;
      let label = e.action === 'decide_on_spot' ? '当场办理意见' : `${kind ? REVIEW_STEP_KIND_LABELS[kind] : String(e.data.stepLabel ?? '审批')}意见`;
      if (e.action === 'countersign') label = `会签意见（${names.find((n) => n.id === e.data.departmentId)?.name ?? '会签部门'}）`;
      const fallback = e.action === 'deny' ? words.deny : e.action === 'approve' || e.action === 'decide_on_spot' ? `同意，${words.grant}` : '同意';
      return { label, text: e.note?.trim() || fallback, signer: e.actor_name ?? '—', date: chinaDate(e.at) };
    });
}

function noticeText(
  kind: NoticeKind,
  words: DecisionWords,
  source: { action: string; note: string | null; data: Record<string, unknown>; at: Date | string },
  current: { due_date: string | null; item_type: string; department_name: string },
): Pick<NoticeContent, 'paragraphs' | 'list'> {
  const dueDate = current.due_date;
  // The Administrative Licensing Law's articles are quoted for licences only.
  const licence = current.item_type === '01';
  switch (kind) {
    case 'acceptance':
      // Art. 32: nobody answered within five working days, so it counts as accepted from receipt.
      if (source.action === 'deem_accept') {
        return {
          paragraphs: [
            `本机关未在收到申请材料之日起五个工作日内一次告知需要补正的全部内容，${licence ? '根据《中华人民共和国行政许可法》第三十二条的规定，' : ''}自收到申请材料之日（${chinaDateText(String(source.data.receivedOn))}）起即为受理。`,
            `本事项承诺于${dueDate ? chinaDateText(dueDate) : '承诺时限内'}前办结${licence ? '（依法需要听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审的，所需时间不计算在内）' : ''}。`,
          ],
        };
      }
      return {
        paragraphs: [
          `经审查，申请材料齐全、符合法定形式，${licence ? '根据《中华人民共和国行政许可法》第三十二条的规定，' : ''}决定予以受理。`,
          `本事项承诺于${dueDate ? chinaDateText(dueDate) : '承诺时限内'}前办结${licence ? '（依法需要听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审的，所需时间不计算在内）' : ''}。`,
        ],
      };
    case 'correction':
      return {
        paragraphs: [
          `经审查，申请材料不齐全或者不符合法定形式，${licence ? '根据《中华人民共和国行政许可法》第三十二条的规定，' : ''}现一次性告知需要补正的全部内容如下：`,
          '请按上述要求一次性补正后重新提交。补正期间不计入办理时限。',
        ],
        list: (source.data.missing as string[] | undefined) ?? [],
      };
    case 'refusal':
      return { paragraphs: [`经审查，决定不予受理。理由如下：${source.note ?? ''}`, ...(words.remedies ? [words.remedies] : [])] };
    case 'approval':
      return { paragraphs: [`经审查，符合法定条件、标准，${words.grantBasis ? `${words.grantBasis}，` : ''}决定${words.grant}。各环节意见如下：`] };
    case 'denial': {
      const remedies = typeof source.data.remedies === 'string' ? source.data.remedies : words.remedies;
      return { paragraphs: [`经审查，决定${words.deny}。理由如下：${source.note ?? ''}。各环节意见如下：`, ...(remedies ? [remedies] : [])] };
    }
    case 'special_procedure':
      return specialProcedureText(source, current.department_name, licence);
    case 'delivery':
      // Drawn as a form from the issuance (deliveryReceiptText), never as a letter.
      return { paragraphs: [] };
  }
}

/**
 * 特别程序告知书 (art. 45): which procedure, why, how long it is expected to take and until when,
 * the legal basis and the department that runs it; the time is not counted in the limit.
 */
function specialProcedureText(source: { note: string | null; data: Record<string, unknown>; at: Date | string }, departmentName: string, licence: boolean): Pick<NoticeContent, 'paragraphs' | 'list'> {
  const d = source.data;
  const ground = typeof d.kindLabel === 'string' ? d.kindLabel : '特别程序';
  const basis = typeof d.legalBasis === 'string' ? d.legalBasis : '《中华人民共和国行政许可法》第四十五条';
  const start = chinaDate(new Date(source.at));
  const duration =
    typeof d.expectedWorkdays === 'number' && typeof d.expectedEndDate === 'string'
      ? `预计需要 ${d.expectedWorkdays} 个工作日（自${chinaDateText(start)}起，预计至${chinaDateText(d.expectedEndDate)}）`
      : '以实际所需时间为准';
  return {
    paragraphs: [
      `经审查，该申请依法需要进行${ground}。${licence ? `根据${basis}的规定，` : ''}${ground}所需时间不计算在办理期限内，现书面告知如下：`,
      `${ground}结束后恢复计时，办结期限按实际中止的工作日相应顺延，届时另行告知。`,
    ],
    list: [`特别程序：${ground}`, `事由：${source.note ?? ''}`, `所需时间：${duration}`, `法律依据：${licence ? basis : `本事项办理规定（参照${basis}）`}`, `承办部门：${departmentName}`],
  };
}
