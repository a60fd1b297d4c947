import type { Database } from '../../db/database.js';
import { AppError, notFound } from '../../http/errors.js';
import { NOTICE_TITLES, renderNotice, type NoticeContent, type NoticeKind } from '../../documents/notice-pdf.js';
import { chinaDate } from '../../util/china-time.js';
import type { Actor } from '../auth/actor.js';
import * as repo from './repo.js';
import { DENIAL_REMEDIES } from './service.js';

/** The step that produces each notice; a notice exists only once its step has happened. */
const SOURCE_ACTION: Record<NoticeKind, string> = {
  acceptance: 'accept',
  correction: 'request_correction',
  refusal: 'refuse',
  approval: 'approve',
  denial: 'deny',
};

const cnDate = (date: string) => `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** Who receives a printed notice: the applicant, the window that hands it over, the deciding department. */
const NOTICE_ROLES = new Set(['applicant', 'clerk', 'reviewer']);

/**
 * 受理通知书, 补正材料通知书, 不予受理决定书 and the decision letters, as PDF, from the case and the
 * timeline row of the step that produced them.
 */
export async function buildNoticePdf(options: { db: Database; actor: Actor; caseId: string; kind: NoticeKind; publicUrl: string }): Promise<{ pdf: Buffer; fileName: string }> {
  const { db, actor, caseId, kind } = options;
  if (!NOTICE_ROLES.has(actor.role)) throw notFound('文书');
  const detail = await repo.findVisibleCaseDetail(db, caseId, actor);
  if (!detail) throw notFound('办件');
  const events = await repo.listEvents(db, caseId);
  const source = events.filter((e) => e.action === SOURCE_ACTION[kind]).at(-1);
  if (!source) throw new AppError('NOT_FOUND', '这个办件还没有这份文书');
  const centre = await db
    .selectFrom('centres')
    .innerJoin('cases', 'cases.centre_id', 'centres.id')
    .select(['centres.name', 'centres.phone'])
    .where('cases.id', '=', caseId)
    .executeTakeFirstOrThrow();
  const issuedOn = chinaDate(source.at);
  const content: NoticeContent = {
    kind,
    centreName: centre.name,
    centrePhone: centre.phone,
    departmentName: detail.department_name,
    applicantName: detail.applicant_name,
    itemName: detail.item_name,
    caseNumber: detail.number,
    queryCode: detail.query_code,
    appliedOn: chinaDate(detail.submitted_at),
    issuedOn,
    progressUrl: `${options.publicUrl}/progress?number=${encodeURIComponent(detail.number)}&code=${detail.query_code}`,
    ...noticeText(kind, source, detail.due_date),
  };
  // Named as the applicant files it: the document and the case it belongs to.
  return { pdf: await renderNotice(content), fileName: `${NOTICE_TITLES[kind]}-${detail.number}.pdf` };
}

function noticeText(
  kind: NoticeKind,
  source: { note: string | null; data: Record<string, unknown> },
  dueDate: string | null,
): Pick<NoticeContent, 'paragraphs' | 'list'> {
  switch (kind) {
    case 'acceptance':
      return {
        paragraphs: [
          '经审查，申请材料齐全、符合法定形式，根据《中华人民共和国行政许可法》第三十二条的规定，决定予以受理。',
          `本事项承诺于${dueDate ? cnDate(dueDate) : '承诺时限内'}前办结（依法需要听证、检验、检测、鉴定和专家评审的，所需时间不计算在内）。`,
        ],
      };
    case 'correction':
      return {
        paragraphs: [
          '经审查，申请材料不齐全或者不符合法定形式，根据《中华人民共和国行政许可法》第三十二条的规定，现一次性告知需要补正的全部内容如下：',
          '请按上述要求一次性补正后重新提交。补正期间不计入办理时限。',
        ],
        list: (source.data.missing as string[] | undefined) ?? [],
      };
    case 'refusal':
      return {
        paragraphs: [`经审查，决定不予受理。理由如下：${source.note ?? ''}`, DENIAL_REMEDIES],
      };
    case 'approval':
      return {
        paragraphs: [`经审查，符合法定条件、标准，根据《中华人民共和国行政许可法》第三十八条第一款的规定，决定准予行政许可。${source.note ? `审查意见：${source.note}` : ''}`],
      };
    case 'denial':
      return {
        paragraphs: [`经审查，决定不予行政许可。理由如下：${source.note ?? ''}`, String(source.data.remedies ?? DENIAL_REMEDIES)],
      };
  }
}
