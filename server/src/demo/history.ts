import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { generateScaleHistory } from '../modules/supervision/scale.js';

/** How much history the demo city starts with: about six months of a county centre's work. */
export const DEMO_HISTORY = { cases: 3000, days: 183 };

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '建华', '志强', '海燕', '春梅', '建国', '丽华', '玉兰', '文博', '子涵', '雨桐', '浩然', '思远', '晓东', '红梅', '德胜', '凤琴', '国庆', '永强'];
const FIRM_WORDS = ['鑫源', '华润', '恒达', '德隆', '兴业', '聚丰', '宏图', '瑞祥', '金桥', '正大', '长白', '松江', '富民', '嘉禾', '永泰', '东盛', '通达', '康宁', '新世纪', '天成'];
const FIRM_TRADES = ['商贸', '餐饮管理', '建筑工程', '农业发展', '食品', '物流', '医药连锁', '装饰工程', '汽车服务', '科技'];

/** 差评 as people write them, and what the department answered. */
const COMPLAINTS = [
  ['材料要求前后说法不一，跑了两趟', '已对窗口人员开展一次性告知培训，并在办事指南中补充材料示例'],
  ['等待时间太长，窗口只开了一个', '高峰时段增开综合受理窗口，启用预约分时办理'],
  ['审批超过承诺时限，没有人主动告知进度', '建立临期提醒和主动告知机制，已向申请人致歉并加快办结'],
  ['工作人员态度生硬，解释不清楚', '对当事工作人员进行批评教育，纳入月度考核'],
  ['网上申报页面填写项太多，提交失败', '精简申报表单字段，已协助申请人线下补录'],
];

/**
 * The demo city's past (first start only): about six months of cases in every state, generated
 * relative to today by the supervision module's bulk generator (multi-row INSERT … SELECT, the
 * working-day calendar joined in, statistics rolled up), then what people did about them: online
 * ratings with 差评 and their 整改 (rectified, in hand, appealed as invalid), 督办 on late and red
 * cases (answered, and open), realistic names, and case numbers in the platform's own format.
 * Nothing here is used by the tests' factories or the browser harness's city.
 */
export async function seedDemoHistory(db: Database, options: { cases?: number; days?: number } = {}) {
  const started = Date.now();
  const { cases } = await generateScaleHistory(db, {
    cases: options.cases ?? DEMO_HISTORY.cases,
    days: options.days ?? DEMO_HISTORY.days,
    chunk: 10_000,
    // Half of the cases whose deadline is near or just past run late: the supervisor's seat shows
    // red ones on the first day, whatever day that is.
    recentLate: { workdays: 5, share: 0.5 },
  });
  const stats = await db.transaction().execute(async (trx) => {
    const supervisor = await trx.selectFrom('users').select('id').where('role', '=', 'supervisor').orderBy('id').executeTakeFirstOrThrow();

    // 一事一评: about seven in ten completed cases rated online, a few days after completion.
    const ratings = await sql<{ n: number }>`
      WITH rated AS (
        INSERT INTO ratings (channel, case_id, level, indicators, comment, item_id, department_id, window_id, staff_id, rater_id, created_at)
        SELECT 'online', c.id, l.level, '{}'::jsonb,
               CASE WHEN l.level <= 2 THEN (${sql.val(COMPLAINTS.map((x) => x[0]))}::text[])[1 + floor(c.r * 997)::int % ${sql.lit(COMPLAINTS.length)}]
                    WHEN l.level = 5 AND c.r < 0.2 THEN '办事效率高，窗口人员很热情' ELSE '' END,
               c.item_id, c.department_id, c.window_id, c.decided_by, c.applicant_id,
               least(c.completed_at + (1 + c.r * 3) * interval '1 day', clock_now() - interval '1 hour')
          FROM (SELECT *, random() AS r FROM cases WHERE number LIKE 'H%' AND status = 'completed') c
          CROSS JOIN LATERAL (SELECT CASE WHEN c.r < 0.42 THEN 5 WHEN c.r < 0.60 THEN 4 WHEN c.r < 0.665 THEN 3
                                          WHEN c.r < 0.685 THEN 2 WHEN c.r < 0.70 THEN 1 END AS level) l
         WHERE l.level IS NOT NULL
        RETURNING id, level, department_id, created_at, comment
      ), fixes AS (
        -- Every 差评 is rectified within 5 working days (about a week): older ones done, the last week's in hand.
        INSERT INTO rectifications (rating_id, department_id, status, due_date, measures, callback_note, callback_at, fix_level,
                                    created_at, updated_at, centre_id, region_code, appeal_kind, appeal_note, decision_note)
        SELECT r.id, r.department_id,
               CASE WHEN r.created_at > clock_now() - interval '5 days' THEN 'pending'
                    WHEN r.created_at > clock_now() - interval '9 days' THEN 'in_progress'
                    WHEN r.id % 9 = 0 THEN 'invalid' ELSE 'rectified' END,
               ((r.created_at + interval '7 days') AT TIME ZONE 'Asia/Shanghai')::date,
               CASE WHEN r.created_at > clock_now() - interval '5 days' THEN NULL
                    ELSE (${sql.val(COMPLAINTS.map((x) => x[1]))}::text[])[1 + r.id::int % ${sql.lit(COMPLAINTS.length)}] END,
               CASE WHEN r.created_at <= clock_now() - interval '9 days' AND r.id % 9 <> 0 THEN '已电话回访，申请人对整改结果表示认可' END,
               CASE WHEN r.created_at <= clock_now() - interval '9 days' AND r.id % 9 <> 0 THEN r.created_at + interval '6 days' END,
               CASE WHEN r.created_at <= clock_now() - interval '9 days' AND r.id % 9 <> 0 THEN 4 + (r.id % 2)::int END,
               r.created_at, least(r.created_at + interval '6 days', clock_now()),
               d.centre_id, d.region_code,
               CASE WHEN r.created_at <= clock_now() - interval '9 days' AND r.id % 9 = 0 THEN 'invalid' END,
               CASE WHEN r.created_at <= clock_now() - interval '9 days' AND r.id % 9 = 0 THEN '经核查，办件按时办结，评价内容与事实不符' END,
               CASE WHEN r.created_at <= clock_now() - interval '9 days' AND r.id % 9 = 0 THEN '申诉成立，认定为无效评价' END
          FROM rated r JOIN departments d ON d.id = r.department_id
         WHERE r.level <= 2
        RETURNING id
      )
      SELECT (SELECT count(*) FROM rated)::int AS n, (SELECT count(*) FROM fixes)::int AS fixes`.execute(trx);

    // 督办: the supervisor pressed late decisions over the months (answered) and today's red cases (some open).
    const directives = await sql<{ n: number }>`
      WITH pressed AS (
        INSERT INTO directives (case_id, department_id, content, issued_by, issued_at, reply_due, reply, replied_by, replied_at)
        SELECT c.id, c.department_id,
               CASE WHEN c.status = 'accepted' THEN '该件已超过承诺时限仍未办结，请说明原因并于期限内办结' ELSE '该件超期办结，请说明原因并提出整改措施' END,
               ${supervisor.id},
               least((c.due_date + 1 + time '10:00') AT TIME ZONE 'Asia/Shanghai', clock_now() - interval '2 hours'),
               greatest(c.due_date + 4, (clock_now() AT TIME ZONE 'Asia/Shanghai')::date + CASE WHEN c.status = 'accepted' THEN 2 ELSE -30 END),
               CASE WHEN c.status <> 'accepted' OR c.rn % 2 = 0 THEN '已核实情况：因现场核查排期延误，已调整人员、加快办理，今后实行临期预警' END,
               CASE WHEN c.status <> 'accepted' OR c.rn % 2 = 0
                    THEN (SELECT r.id FROM users r WHERE r.department_id = c.department_id AND r.role = 'reviewer' ORDER BY r.heads_department DESC, r.id LIMIT 1) END,
               CASE WHEN c.status <> 'accepted' OR c.rn % 2 = 0 THEN least((c.due_date + 2 + time '16:00') AT TIME ZONE 'Asia/Shanghai', clock_now() - interval '1 hour') END
          FROM (SELECT *, row_number() OVER (ORDER BY due_date) AS rn FROM cases
                 WHERE number LIKE 'H%' AND due_date < (clock_now() AT TIME ZONE 'Asia/Shanghai')::date
                   AND ((status = 'accepted') OR (status = 'completed' AND decided_at > (due_date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'))) c
         WHERE c.rn % 3 = 0
        RETURNING id
      )
      SELECT count(*)::int AS n FROM pressed`.execute(trx);

    // People with names rather than generator labels: the generator's staff, applicants and firms.
    await sql`
      UPDATE users u SET display_name = CASE
          WHEN u.applicant_kind = 'legal' THEN '梅河口市' || (${sql.val(FIRM_WORDS)}::text[])[1 + u.id % ${sql.lit(FIRM_WORDS.length)}]
                                              || (${sql.val(FIRM_TRADES)}::text[])[1 + (u.id / ${sql.lit(FIRM_WORDS.length)}) % ${sql.lit(FIRM_TRADES.length)}] || '有限公司'
          ELSE substr(${SURNAMES}, 1 + (u.id * 7) % ${sql.lit(SURNAMES.length)}, 1) || (${sql.val(GIVEN)}::text[])[1 + (u.id * 13) % ${sql.lit(GIVEN.length)}] END
        WHERE u.username LIKE 'scale\\_%'`.execute(trx);

    // 办件编号 in the platform's own format (区划-日期-序号) from the platform's number sequence, in the order submitted.
    await sql`
      UPDATE cases c SET number = n.number
        FROM (SELECT o.id, next_application_number(o.region_code, o.day) AS number
                FROM (SELECT id, region_code, (submitted_at AT TIME ZONE 'Asia/Shanghai')::date AS day
                        FROM cases WHERE number LIKE 'H%' ORDER BY submitted_at, id) o) n
       WHERE c.id = n.id`.execute(trx);
    return { ratings: ratings.rows[0]!.n, directives: directives.rows[0]!.n };
  });
  return { cases, ...stats, seconds: (Date.now() - started) / 1000 };
}
