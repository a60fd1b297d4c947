import type { Database, Executor } from '../../db/database.js';
import type { ClockStopKind } from '../../db/schema.js';
import { AppError, invalidState, validationFailed } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import { now as clockNow } from '../../util/clock.js';
import type { Actor } from '../auth/actor.js';
import { calendarFor } from '../calendar/service.js';
import * as clockRepo from './clock-repo.js';
import type { CaseRow } from './repo.js';
import { isSpecialProcedure, STOP_KIND_LABELS } from './state-machine.js';
import { assertAssigned, transition } from './transition.js';

/** The article every stop of the clock answers to; printed on the written notice. */
export const STOP_LEGAL_BASIS = '《中华人民共和国行政许可法》第四十五条';

/** How long a stop is expected to take: working days, or the date it ends (one of the two). */
export interface ExpectedDuration {
  expectedWorkdays?: number;
  expectedEndDate?: string;
}

/**
 * 中止计时. Art. 45 leaves out of the limit only the time needed for 听证、招标、拍卖、检验、检测、
 * 检疫、鉴定、专家评审 (the applicant is told in writing how long: 特别程序告知书); 现场勘查 is part
 * of the review and runs on the clock. A 补正 stop after acceptance exists only where the item's
 * own rules provide it. A 特别程序 records how long it is expected to take (working days or an end
 * date; a 补正 may); the deadline moves by the working days actually stopped when it resumes.
 */
export function stopClock(options: { db: Database; actor: Actor; caseId: string; kind: ClockStopKind; reason: string } & ExpectedDuration) {
  const { kind } = options;
  return transition({
    db: options.db,
    actor: options.actor,
    caseId: options.caseId,
    action: 'stop_clock',
    patchWrites: true,
    note: options.reason,
    patch: async (current, trx) => {
      await assertAssigned(trx, options.actor, current);
      assertStopGround(kind);
      if (kind === 'correction') await assertCorrectionStopProvided(trx, current);
      if (current.clock_stopped) throw invalidState('计时已中止，不能重复中止');
      const startedAt = clockNow();
      const expected = await expectedEnd(trx, current, kind, chinaDate(startedAt), options);
      await clockRepo.openStop(trx, { caseId: current.id, kind, reason: options.reason, at: startedAt, by: options.actor.id, ...expected });
      return {
        clock_stopped: true,
        stop_count: current.stop_count + 1,
        eventData: {
          kind,
          kindLabel: STOP_KIND_LABELS[kind],
          ...(expected.expectedEndDate && { expectedWorkdays: expected.expectedWorkdays, expectedEndDate: expected.expectedEndDate }),
          // 特别程序 are told in writing (the notice is sealed when first handed out).
          ...(isSpecialProcedure(kind) && { legalBasis: STOP_LEGAL_BASIS, writtenNotice: 'special_procedure' }),
        },
      };
    },
  });
}

/** Refuses what the law does not leave out of the limit, whatever a client sends. */
export function assertStopGround(kind: ClockStopKind): void {
  if (kind === 'inspection') {
    throw new AppError('STOP_GROUND_NOT_ALLOWED', '现场勘查是审查的一部分，所需时间计入办理时限，不能中止计时（《行政许可法》第四十五条）');
  }
  if (kind !== 'correction' && !isSpecialProcedure(kind)) {
    throw new AppError('STOP_GROUND_NOT_ALLOWED', '只有听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审所需时间不计入办理时限（《行政许可法》第四十五条），请选择其中之一');
  }
}

/** 受理后补正 stops the clock only where the item's own rules provide it (catalogue setting). */
async function assertCorrectionStopProvided(db: Executor, current: CaseRow): Promise<void> {
  const item = await db.selectFrom('service_items').select('correction_stop_allowed').where('id', '=', current.item_id).executeTakeFirstOrThrow();
  if (!item.correction_stop_allowed) {
    throw new AppError('CORRECTION_STOP_NOT_PROVIDED', '该事项的办理规定未设受理后补正，受理后不能以补正材料为由中止计时；材料问题应在受理前一次性告知');
  }
}

/**
 * The expected end of a stop in both forms the notice prints: N working days from the day it
 * starts, ending on that working day (the legal clock's own count).
 */
async function expectedEnd(
  db: Executor,
  current: CaseRow,
  kind: ClockStopKind,
  startDay: string,
  duration: ExpectedDuration,
): Promise<{ expectedWorkdays: number | null; expectedEndDate: string | null }> {
  const given = (duration.expectedWorkdays !== undefined ? 1 : 0) + (duration.expectedEndDate !== undefined ? 1 : 0);
  // 补正 waits for the applicant, within the period the item's rules give; a 特别程序 is told in writing how long.
  if (given === 0 && kind === 'correction') return { expectedWorkdays: null, expectedEndDate: null };
  if (given !== 1) throw validationFailed('body.expectedWorkdays', '请填写预计所需工作日数或预计结束日期（二者选一），以书面告知申请人');
  const calendar = await calendarFor(db, current.region_code);
  if (duration.expectedWorkdays !== undefined) {
    return { expectedWorkdays: duration.expectedWorkdays, expectedEndDate: calendar.addWorkdays(startDay, duration.expectedWorkdays).due };
  }
  const end = duration.expectedEndDate!;
  const workdays = calendar.workdaysBetween(startDay, end);
  if (workdays < 1) throw validationFailed('body.expectedEndDate', '预计结束日期应在今天之后的工作日');
  // A rest day as the end date means the last working day before it.
  return { expectedWorkdays: workdays, expectedEndDate: calendar.isWorkday(end) ? end : calendar.previousWorkday(end) };
}
