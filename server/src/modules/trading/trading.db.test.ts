import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeUser, toActorOf } from '../../test/factories.js';
import { extractPdfText } from '../../test/pdf-text.js';
import { chinaDate } from '../../util/china-time.js';
import {
  announcedProject,
  bidContent,
  makeEnterprise,
  makeExperts,
  makeTradingWorld,
  passDeadline,
  sealedBidFor,
  type TradingWorld,
} from '../../test/trading-factories.js';
import { sealSignerFor } from '../seals/keystore.js';
import { openContentKey } from './bid-envelope.js';
import { closeOpening, decryptBid, startOpening, submitBid, withdrawBid, bidRegister } from './bids.js';
import { revokeCertificate } from './certificates.js';
import { createDraw, presentShare, respondToDraw, drawView, verifyDraw, openDraw } from './draws.js';
import { answerObjection, awardProject, compileReport, publishCandidates, raiseObjection, reportSignedRecord, signReport, submitScores } from './evaluation.js';
import { verifyTradingChain } from './events.js';
import { CA_OWNER, centreOwner } from './keys.js';
import { clarifyProject, registerProject, reviewProject, announceProject } from './projects.js';
import { decodeShare } from './shamir.js';
import { signRecord, unseal, fromUtf8, fromHex } from './sm-crypto.js';

let t: TestApp;
let w: TradingWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeTradingWorld(t.db, sealSignerFor({ dataDir: t.dataDir }));
});
afterAll(() => t.destroy());

/** A key holder's client: opens the share sealed to it with its private key. */
async function holderShare(party: { actor: { id: number }; keys: { privateKey: string } }, drawId: string): Promise<string> {
  const row = await t.db.selectFrom('trading_draw_shares').select('sealed_share').where('draw_id', '=', drawId).where('holder_user_id', '=', party.actor.id).executeTakeFirstOrThrow();
  return fromUtf8(fromHex(unseal(row.sealed_share, party.keys.privateKey)!));
}

/** A bidder's client at the opening: opens its sealed key and hands the content key over. */
async function decryptOwnBid(bidder: Awaited<ReturnType<typeof makeEnterprise>>, projectId: string) {
  const [bid] = await t.db.selectFrom('trading_bids').select(['id', 'sealed_key']).where('project_id', '=', projectId).where('enterprise_id', '=', bidder.enterprise.id).where('status', '=', 'sealed').execute();
  return decryptBid(t.db, bidder.actor, bid!.id, openContentKey(bid!.sealed_key, bidder.keys.privateKey)!);
}

describe('a tender from announcement to award', () => {
  it('announce → three bids (a late one refused) → opening → draw revealed by 2 of 3 → scores → candidates → objection → award', async () => {
    const db = t.db;
    const project = await announcedProject(db, w);
    const [a, b, c, late] = await Promise.all([
      makeEnterprise(db, '吉林省宏远建设集团有限公司'),
      makeEnterprise(db, '通化市恒信建筑工程有限公司'),
      makeEnterprise(db, '梅河口市金鼎建设有限公司'),
      makeEnterprise(db, '迟到建设有限公司'),
    ]);
    const prices = { a: 905_000, b: 880_000, c: 940_000 };
    const receiptA = await submitBid(db, a.actor, project.id, sealedBidFor(a, project.id, project.lotId, bidContent({ price: prices.a })), '10.0.0.1');
    expect(receiptA.replaced).toBeNull();
    await submitBid(db, b.actor, project.id, sealedBidFor(b, project.id, project.lotId, bidContent({ price: prices.b })), '10.0.0.2');
    await submitBid(db, c.actor, project.id, sealedBidFor(c, project.id, project.lotId, bidContent({ price: 999_999 })), '10.0.0.3');
    // c replaces its bid before the deadline; the first one is kept as replaced, not opened.
    const replaced = await submitBid(db, c.actor, project.id, sealedBidFor(c, project.id, project.lotId, bidContent({ price: prices.c })), '10.0.0.3');
    expect(replaced.replaced).not.toBeNull();

    // Nobody, the centre included, may start the opening or decrypt before the deadline.
    await expect(startOpening(db, w.officer.actor, project.id)).rejects.toThrow('未到开标时间');
    await expect(decryptOwnBid(a, project.id)).rejects.toThrow('开标前任何人不得解密投标文件');

    await passDeadline(db, project.id);
    await expect(submitBid(db, late.actor, project.id, sealedBidFor(late, project.id, project.lotId, bidContent()), '10.0.0.9')).rejects.toThrow('投标截止时间');
    expect(await db.selectFrom('trading_bids').select('id').where('enterprise_id', '=', late.enterprise.id).execute()).toEqual([]);
    const refusals = await db.selectFrom('trading_events').select('data').where('project_id', '=', project.id).where('action', '=', 'bid_refused_late').execute();
    expect(refusals.map((r) => r.data.enterpriseId)).toEqual([late.enterprise.id]);

    expect(await startOpening(db, w.officer.actor, project.id)).toEqual({ sealedBids: 3 });
    expect(await decryptOwnBid(a, project.id)).toEqual({ price: prices.a, durationDays: 180 });
    await decryptOwnBid(b, project.id);
    // c's key is wrong (its client sends someone else's): refused, and it stays sealed.
    const cBid = await db.selectFrom('trading_bids').select('id').where('enterprise_id', '=', c.enterprise.id).where('status', '=', 'sealed').executeTakeFirstOrThrow();
    await expect(decryptBid(db, c.actor, cBid.id, '00112233445566778899aabbccddeeff')).rejects.toThrow('密钥与投标文件不符');
    await decryptOwnBid(c, project.id);

    const opening = await closeOpening(db, w.officer.actor, project.id);
    expect(opening.record.bids.map((x) => [x.bidder, x.price, x.decrypted])).toEqual([
      ['吉林省宏远建设集团有限公司', prices.a, true],
      ['通化市恒信建筑工程有限公司', prices.b, true],
      ['梅河口市金鼎建设有限公司', prices.c, true],
    ]);
    const published = await db.selectFrom('trading_publications').select(['kind', 'signature', 'data']).where('project_id', '=', project.id).orderBy('id').execute();
    expect(published.map((p) => p.kind)).toEqual(['announcement', 'opening_record']);
    const { verifyCentreSignature } = await import('./keys.js');
    expect(await verifyCentreSignature(db, w.centre.id, published[1]!.data, published[1]!.signature!)).toBe(true);

    // Experts: five in the pool, three drawn (two members, one reserve), sealed to three holders, k = 2.
    const experts = await makeExperts(db, 5);
    const draw = await createDraw(db, w.officer.actor, project.id, {
      parts: [{ speciality: '房屋建筑', count: 2, reserves: 1 }],
      avoidRecentProjects: 3,
      regions: ['220581'],
      holderUserIds: [w.supervisor.actor.id, w.tenderer.actor.id, w.officer.actor.id],
      threshold: 2,
    });
    expect((await drawView(db, project.id))?.members).toEqual([]);
    expect(await presentShare(db, w.supervisor.actor, draw.drawId, await holderShare(w.supervisor, draw.drawId))).toEqual({ revealed: false, presented: 1, threshold: 2 });
    expect(await presentShare(db, w.tenderer.actor, draw.drawId, await holderShare(w.tenderer, draw.drawId))).toEqual({ revealed: true, presented: 2, threshold: 2 });
    const revealed = (await drawView(db, project.id))!;
    expect(revealed.members.map((m) => m.role).sort()).toEqual(['member', 'member', 'reserve']);
    expect(await verifyDraw(db, draw.drawId)).toBe(true);
    const memberIds = revealed.members.filter((m) => m.role === 'member').map((m) => m.expertId);
    const panel = experts.filter((e) => memberIds.includes(e.expertId));
    // Each drawn expert got a notice.
    const notices = await db.selectFrom('notifications').select('user_id').where('kind', '=', 'trading_expert_drawn').execute();
    expect(notices.map((n) => n.user_id).sort()).toEqual(panel.map((p) => p.actor.id).sort());
    for (const expert of panel) await respondToDraw(db, expert.actor, draw.drawId, true);

    const bids = await db.selectFrom('trading_bids').select(['id', 'enterprise_id']).where('project_id', '=', project.id).where('status', '=', 'decrypted').execute();
    const bidOf = (party: { enterprise: { id: number } }) => bids.find((x) => x.enterprise_id === party.enterprise.id)!.id;
    // Both experts: b best (28+36+29 = 93), a next (25+35+27 = 87), c last (20+30+24 = 74).
    const sheet = (points: Record<string, [number, number, number]>) =>
      Object.entries(points).flatMap(([bid, [business, technical, price]]) => [
        { bidId: bid, criterion: '商务', points: business },
        { bidId: bid, criterion: '技术', points: technical },
        { bidId: bid, criterion: '报价', points: price },
      ]);
    for (const expert of panel) {
      await submitScores(db, expert.actor, project.id, sheet({ [bidOf(a)]: [25, 35, 27], [bidOf(b)]: [28, 36, 29], [bidOf(c)]: [20, 30, 24] }));
    }
    await expect(submitScores(db, panel[0]!.actor, project.id, [{ bidId: bidOf(a), criterion: '商务', points: 31 }])).rejects.toThrow('0 到 30');
    const report = await compileReport(db, w.officer.actor, project.id);
    expect(report.content.lots[0]!.ranking.map((r) => [r.bidder, r.score, r.rank])).toEqual([
      ['通化市恒信建筑工程有限公司', 93, 1],
      ['吉林省宏远建设集团有限公司', 87, 2],
      ['梅河口市金鼎建设有限公司', 74, 3],
    ]);
    await expect(publishCandidates(db, w.tenderer.actor, project.id, 3)).rejects.toThrow('尚未由全体专家签名');
    for (const expert of panel) await signReport(db, expert.actor, project.id, signRecord(reportSignedRecord(project.id, report.digest), expert.keys.privateKey));
    await expect(publishCandidates(db, w.tenderer.actor, project.id, 2)).rejects.toThrow('第五十四条');
    const publicity = await publishCandidates(db, w.tenderer.actor, project.id, 3);

    const objection = await raiseObjection(db, a.actor, project.id, '第一中标候选人的项目经理有在建工程，请核查。');
    await expect(awardProject(db, sealSignerFor({ dataDir: t.dataDir }), w.tenderer.actor, project.id)).rejects.toThrow('期满后方可确定中标人');
    await db.updateTable('trading_publications').set({ publicity_ends_at: new Date(Date.now() - 1000) }).where('project_id', '=', project.id).where('kind', '=', 'candidates').execute();
    await expect(raiseObjection(db, c.actor, project.id, '公示期结束后才提出的异议。')).rejects.toThrow('公示期已结束');
    await expect(awardProject(db, sealSignerFor({ dataDir: t.dataDir }), w.tenderer.actor, project.id)).rejects.toThrow('1 件异议未答复');
    await answerObjection(db, w.tenderer.actor, objection.id, '经核查，该项目经理无在建工程，异议不成立。');
    const award = await awardProject(db, sealSignerFor({ dataDir: t.dataDir }), w.tenderer.actor, project.id);
    expect(award.awards.map((x) => [x.winner, x.price])).toEqual([['通化市恒信建筑工程有限公司', prices.b]]);
    expect(publicity.endsAt).toMatch(/T15:59:59\.999Z$/);

    const kinds = await db.selectFrom('trading_publications').select('kind').where('project_id', '=', project.id).orderBy('id').execute();
    expect(kinds.map((k) => k.kind)).toEqual(['announcement', 'opening_record', 'candidates', 'result']);

    // The winner downloads its 中标通知书: Chinese text, the centre's signature on it.
    const awardRow = await db.selectFrom('trading_awards').selectAll().where('project_id', '=', project.id).executeTakeFirstOrThrow();
    const cookie = await loginCookie(t.app, b.user.username);
    const pdf = await t.app.inject({ method: 'GET', url: `/api/trading/awards/${awardRow.id}/notice.pdf`, headers: { cookie } });
    expect(pdf.statusCode).toBe(200);
    const text = extractPdfText(pdf.rawPayload);
    expect(text).toContain('中标通知书');
    expect(text).toContain('通化市恒信建筑工程有限公司');
    // The signature is printed whole (pdfkit wraps the long hex line anywhere).
    expect(text.replace(/\s/g, '')).toContain(awardRow.signature.toUpperCase());
    expect(text.replace(/\s/g, '')).toContain(`交易专用章（编码${w.seal.code}`);
    expect(awardRow.seal_id).toBe(w.seal.id);
    // Anyone verifies it against the published seal; one changed fact makes it fail.
    const verified = await t.app.inject({ method: 'GET', url: `/api/public/trading/awards/${encodeURIComponent(awardRow.notice_number)}/verify` });
    expect(verified.json()).toMatchObject({ verdict: 'valid', winner: '通化市恒信建筑工程有限公司', seal: { id: w.seal.id } });
    const { referenceSm2Verify } = await import('../seals/sm2-reference.js');
    const body = verified.json() as { signedBytes: string; signature: string; seal: { publicKey: string } };
    expect(referenceSm2Verify(Buffer.from(body.signedBytes, 'utf8'), Buffer.from(body.signature, 'hex'), body.seal.publicKey)).toBe(true);
    await db.updateTable('trading_awards').set({ price: prices.b + 1 }).where('id', '=', awardRow.id).execute();
    expect((await t.app.inject({ method: 'GET', url: `/api/public/trading/awards/${encodeURIComponent(awardRow.notice_number)}/verify` })).json()).toMatchObject({ verdict: 'invalid' });
    await db.updateTable('trading_awards').set({ price: prices.b }).where('id', '=', awardRow.id).execute();
    // Another bidder cannot fetch it.
    const other = await t.app.inject({ method: 'GET', url: `/api/trading/awards/${awardRow.id}/notice.pdf`, headers: { cookie: await loginCookie(t.app, c.user.username) } });
    expect(other.statusCode).toBe(404);

    // Every step sits on one unbroken SM3 chain.
    const actions = (await db.selectFrom('trading_events').select('action').where('project_id', '=', project.id).orderBy('seq').execute()).map((e) => e.action);
    for (const step of ['project_registered', 'project_listed', 'room_booked', 'announcement_published', 'bid_submitted', 'bid_replaced', 'bid_refused_late', 'opening_started', 'bid_decrypted', 'opening_record_published', 'draw_sealed', 'draw_share_presented', 'draw_revealed', 'expert_accepted', 'scores_submitted', 'report_compiled', 'report_signed', 'candidates_published', 'objection_raised', 'objection_answered', 'award_issued']) {
      expect(actions).toContain(step);
    }
    expect((await verifyTradingChain(db)).firstBreak).toBeNull();
  });
});

describe('sealed bids', () => {
  it('no bid content is readable before the opening: not in the database, not through the API, not with the platform’s keys', async () => {
    const db = t.db;
    const project = await announcedProject(db, w);
    const bidder = await makeEnterprise(db, '保密测试建设有限公司');
    const content = bidContent({ price: 765_432.1, technical: '独一无二的技术方案文字：钢结构吊装七步法' });
    const sealed = sealedBidFor(bidder, project.id, project.lotId, content);
    const receipt = await submitBid(db, bidder.actor, project.id, sealed, '10.1.1.1');

    // The database: every column of the bid row, as text, holds neither the price nor the words.
    const dump = (await sql<{ row: string }>`SELECT row_to_json(b)::text AS row FROM trading_bids b WHERE project_id = ${project.id}`.execute(db)).rows.map((r) => r.row).join('');
    expect(dump).not.toContain('765432');
    expect(dump).not.toContain(Buffer.from('钢结构吊装').toString('hex'));
    expect(dump).not.toContain('钢结构吊装');
    const row = await db.selectFrom('trading_bids').selectAll().where('id', '=', receipt.bidId).executeTakeFirstOrThrow();
    expect([row.price, row.duration_days, row.content]).toEqual([null, null, null]);
    expect(row.ciphertext.includes(Buffer.from('钢结构吊装'))).toBe(false);
    // Nor anywhere else: the audit trail and every other table of the module.
    const everything = (await sql<{ t: string }>`SELECT string_agg(row_to_json(e)::text, '') AS t FROM trading_events e`.execute(db)).rows[0]!.t;
    expect(everything).not.toContain('765432');

    // The platform's own keys (CA, centre) cannot open the sealed content key.
    const keys = await db.selectFrom('trading_keys').select(['owner', 'private_key']).where('owner', 'in', [CA_OWNER, centreOwner(w.centre.id)]).execute();
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(unseal(row.sealed_key, key.private_key!)).toBeNull();

    // The API: centre staff, supervisor and the tenderer see who bid, never a price; an admin has no route at all.
    for (const username of [w.officer.user.username, w.supervisor.user.username, w.tenderer.user.username]) {
      const response = await t.app.inject({ method: 'GET', url: `/api/trading/projects/${project.id}/bids`, headers: { cookie: await loginCookie(t.app, username) } });
      expect(response.statusCode).toBe(200);
      expect(response.json().bids).toEqual([expect.objectContaining({ enterprise: '保密测试建设有限公司', status: 'sealed', price: null, durationDays: null })]);
      expect(response.body).not.toContain('765432');
    }
    const admin = await makeUser(db, 'admin', { centreId: w.centre.id });
    const adminView = await t.app.inject({ method: 'GET', url: `/api/trading/projects/${project.id}/bids`, headers: { cookie: await loginCookie(t.app, admin.username) } });
    expect(adminView.statusCode).toBe(403);
    // Decrypting before the opening is refused even with the right key, and even the bidder's.
    await expect(decryptBid(db, bidder.actor, receipt.bidId, sealed.contentKey)).rejects.toThrow('开标前任何人不得解密投标文件');
    expect((await bidRegister(db, w.officer.actor, project.id))[0]!.price).toBeNull();
  });

  it('a bid must carry a valid signature from a valid certificate; withdrawal only before the deadline', async () => {
    const db = t.db;
    const project = await announcedProject(db, w);
    const bidder = await makeEnterprise(db, '签名测试建设有限公司');
    const forged = { ...sealedBidFor(bidder, project.id, project.lotId, bidContent()), plaintextSm3: '0'.repeat(64) };
    await expect(submitBid(db, bidder.actor, project.id, forged, '10.2.2.2')).rejects.toThrow('签名验证失败');
    const tampered = sealedBidFor(bidder, project.id, project.lotId, bidContent());
    await expect(submitBid(db, bidder.actor, project.id, { ...tampered, ciphertext: `${tampered.ciphertext.slice(0, -2)}00` }, '10.2.2.2')).rejects.toThrow('密文摘要不符');

    const receipt = await submitBid(db, bidder.actor, project.id, sealedBidFor(bidder, project.id, project.lotId, bidContent()), '10.2.2.2');
    await withdrawBid(db, bidder.actor, receipt.bidId);
    expect((await db.selectFrom('trading_bids').select('status').where('id', '=', receipt.bidId).executeTakeFirstOrThrow()).status).toBe('withdrawn');
    const again = await submitBid(db, bidder.actor, project.id, sealedBidFor(bidder, project.id, project.lotId, bidContent()), '10.2.2.2');
    await passDeadline(db, project.id);
    await expect(withdrawBid(db, bidder.actor, again.bidId)).rejects.toThrow('不能撤回');

    // A revoked certificate signs nothing more.
    const other = await announcedProject(db, w);
    const serial = (await db.selectFrom('trading_certificates').select('serial').where('user_id', '=', bidder.actor.id).executeTakeFirstOrThrow()).serial;
    await revokeCertificate(db, bidder.actor, serial, '密钥介质遗失');
    await expect(submitBid(db, bidder.actor, other.id, sealedBidFor(bidder, other.id, other.lotId, bidContent()), '10.2.2.2')).rejects.toThrow('已吊销');
    // An expired one neither.
    const expiring = await makeEnterprise(db, '证书过期建设有限公司');
    await db.updateTable('trading_certificates').set({ not_after: new Date(Date.now() - 1000) }).where('user_id', '=', expiring.actor.id).execute();
    await expect(submitBid(db, expiring.actor, other.id, sealedBidFor(expiring, other.id, other.lotId, bidContent()), '10.2.2.3')).rejects.toThrow('已过期');
  });

  it('a bid its bidder never decrypts is recorded as undecryptable in the signed opening record', async () => {
    const db = t.db;
    const project = await announcedProject(db, w);
    const [one, two] = await Promise.all([makeEnterprise(db, '按时解密有限公司'), makeEnterprise(db, '未解密有限公司')]);
    await submitBid(db, one.actor, project.id, sealedBidFor(one, project.id, project.lotId, bidContent({ price: 800_000 })), '10.3.3.1');
    // Both from one address: the opening's risk rules will say so.
    await submitBid(db, two.actor, project.id, sealedBidFor(two, project.id, project.lotId, bidContent({ price: 810_000 })), '10.3.3.1');
    await passDeadline(db, project.id);
    await startOpening(db, w.officer.actor, project.id);
    await decryptOwnBid(one, project.id);
    const { record } = await closeOpening(db, w.officer.actor, project.id);
    expect(record.bids.map((x) => [x.bidder, x.decrypted, x.price])).toEqual([
      ['按时解密有限公司', true, 800_000],
      ['未解密有限公司', false, null],
    ]);
    const body = (await db.selectFrom('trading_publications').select('body').where('project_id', '=', project.id).where('kind', '=', 'opening_record').executeTakeFirstOrThrow()).body;
    expect(body).toContain('未解密有限公司　投标文件未能解密');
    // The opening's rules ran: one address for two bidders, and fewer than three valid bids.
    const warnings = await db.selectFrom('trading_warnings').select(['rule', 'evidence']).where('project_id', '=', project.id).orderBy('rule').execute();
    expect(warnings).toEqual([
      { rule: 'FEW_BIDDERS', evidence: { lot: 1, bidders: 1 } },
      { rule: 'SAME_IP', evidence: expect.objectContaining({ ip: '10.3.3.1', bidders: ['按时解密有限公司', '未解密有限公司'] }) },
    ]);
  });
});

describe('legal periods', () => {
  it('an announcement, a clarification or a publicity that breaks a minimum period is refused with the rule named', async () => {
    const db = t.db;
    const { id } = await registerProject(db, w.tenderer.actor, { title: '期限测试道路工程', category: 'construction', budget: 100_000, qualifications: [], evaluationMethod: 'lowest_price', criteria: [], lots: [{ name: '道路', budget: 100_000 }] });
    await reviewProject(db, w.officer.actor, id, { approve: true, note: '' });
    const today = chinaDate();
    const tooSoon = new Date(Date.now() + 10 * 86_400_000);
    await expect(announceProject(db, w.tenderer.actor, id, { documentsFrom: today, deadline: tooSoon, openingRoomId: w.openingRoom.id, body: '招标公告正文，截止时间只留了十天。' })).rejects.toThrow(
      '《招标投标法》第二十四条',
    );
    const project = await announcedProject(db, w);
    // The deadline is the earliest legal one (20 days out): a clarification now still has 15 days.
    await clarifyProject(db, w.tenderer.actor, project.id, { body: '澄清：图纸第 3 页标高更正。', newDeadline: null });
    // Time passes: the deadline is now 10 days away, so a clarification needs a later deadline.
    await db.updateTable('trading_projects').set({ bid_deadline: new Date(Date.now() + 10 * 86_400_000) }).where('id', '=', project.id).execute();
    await expect(clarifyProject(db, w.tenderer.actor, project.id, { body: '修改：增加一项清单。', newDeadline: null })).rejects.toThrow('《招标投标法实施条例》第二十一条');
    const later = new Date(Date.now() + 20 * 86_400_000);
    await clarifyProject(db, w.tenderer.actor, project.id, { body: '修改：增加一项清单，截止时间顺延。', newDeadline: later });
    expect((await db.selectFrom('trading_projects').select('bid_deadline').where('id', '=', project.id).executeTakeFirstOrThrow()).bid_deadline).toEqual(later);
    const opening = await db.selectFrom('trading_bookings').select('starts_at').where('project_id', '=', project.id).where('purpose', '=', 'opening').executeTakeFirstOrThrow();
    expect(opening.starts_at).toEqual(later);
  });

  it('a room cannot be booked twice for overlapping times', async () => {
    const db = t.db;
    const first = await announcedProject(db, w);
    const firstRoom = (await db.selectFrom('trading_bookings').select('room_id').where('project_id', '=', first.id).executeTakeFirstOrThrow()).room_id;
    const { id } = await registerProject(db, w.tenderer.actor, { title: '场地冲突测试工程', category: 'construction', budget: 50_000, qualifications: [], evaluationMethod: 'lowest_price', criteria: [], lots: [{ name: '一标段', budget: 50_000 }] });
    await reviewProject(db, w.officer.actor, id, { approve: true, note: '' });
    await expect(
      announceProject(db, w.tenderer.actor, id, { documentsFrom: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10), deadline: new Date(first.deadline.getTime() + 30 * 60_000), openingRoomId: firstRoom, body: '招标公告正文，与另一项目同一时段开标。' }),
    ).rejects.toThrow('已被项目');
  });
});

describe('experts drawn in secret', () => {
  async function openedProjectWithBidders(count = 2) {
    const project = await announcedProject(t.db, w);
    const bidders = [];
    for (let i = 0; i < count; i++) {
      const bidder = await makeEnterprise(t.db, `抽取测试投标人${i}号有限公司`);
      await submitBid(t.db, bidder.actor, project.id, sealedBidFor(bidder, project.id, project.lotId, bidContent()), `10.4.4.${i}`);
      bidders.push(bidder);
    }
    await passDeadline(t.db, project.id);
    await startOpening(t.db, w.officer.actor, project.id);
    return { project, bidders };
  }

  it('the expert list cannot be revealed with fewer shares than the threshold', async () => {
    const db = t.db;
    const { project, bidders } = await openedProjectWithBidders();
    await makeExperts(db, 4, { speciality: '市政工程' });
    // A bidder is no key holder: the parties that watch each other are fixed, not the officer's choice.
    await expect(
      createDraw(db, w.officer.actor, project.id, { parts: [{ speciality: '市政工程', count: 2, reserves: 1 }], avoidRecentProjects: 0, regions: ['220581'], holderUserIds: [w.supervisor.actor.id, bidders[0]!.actor.id], threshold: 2 }),
    ).rejects.toThrow('密钥持有人只能是监督人员');
    const holders = [w.supervisor, w.tenderer, w.officer];
    const draw = await createDraw(db, w.officer.actor, project.id, { parts: [{ speciality: '市政工程', count: 2, reserves: 1 }], avoidRecentProjects: 0, regions: ['220581'], holderUserIds: holders.map((h) => h.actor.id), threshold: 3 });
    const stored = await db.selectFrom('trading_draws').selectAll().where('id', '=', draw.drawId).executeTakeFirstOrThrow();
    // Nothing about who was drawn is stored readable: no members, no seed, only ciphertext.
    expect(await db.selectFrom('trading_draw_members').select('expert_id').where('draw_id', '=', draw.drawId).execute()).toEqual([]);
    expect(stored.seed).toBeNull();
    const shares = await Promise.all(holders.map((h) => holderShare(h, draw.drawId)));
    // Two of three shares rebuild some other key, which does not decrypt the draw.
    expect(openDraw(stored, [decodeShare(shares[0]!), decodeShare(shares[1]!)])).toBeNull();
    expect(openDraw(stored, [decodeShare(shares[1]!), decodeShare(shares[2]!)])).toBeNull();
    expect(openDraw(stored, shares.map(decodeShare))?.picks).toHaveLength(3);
    // Through the service: two presented, still sealed; a holder cannot present someone else's share.
    await presentShare(db, w.supervisor.actor, draw.drawId, shares[0]!);
    await expect(presentShare(db, w.officer.actor, draw.drawId, shares[1]!)).rejects.toThrow('不是您的密钥份额');
    expect(await presentShare(db, w.tenderer.actor, draw.drawId, shares[1]!)).toEqual({ revealed: false, presented: 2, threshold: 3 });
    expect((await drawView(db, project.id))!.members).toEqual([]);
    // A non-holder has no share to present.
    await expect(presentShare(db, (await makeEnterprise(db, '无关企业有限公司')).actor, draw.drawId, shares[2]!)).rejects.toThrow('不存在');
    expect(await presentShare(db, w.officer.actor, draw.drawId, shares[2]!)).toEqual({ revealed: true, presented: 3, threshold: 3 });
    expect((await drawView(db, project.id))!.members).toHaveLength(3);
    // The presented shares are not kept once used.
    expect((await db.selectFrom('trading_draw_shares').select('presented_share').where('draw_id', '=', draw.drawId).execute()).every((s) => s.presented_share === null)).toBe(true);
  });

  it('avoidance holds over many random draws: tenderer’s and bidders’ staff and employees, and recent evaluators of the tenderer, are never drawn', async () => {
    const db = t.db;
    const { project, bidders } = await openedProjectWithBidders();
    const { randomIdNumber } = await import('../../test/trading-factories.js');
    const staffId = randomIdNumber();
    // A bidder lists a person who is also in the expert pool.
    await db.insertInto('trading_people').values({ enterprise_id: bidders[0]!.enterprise.id, name: '兼职专家', id_hash: (await import('./people.js')).personKey(staffId), id_masked: '', title: '技术负责人' }).execute();
    const clean = await makeExperts(db, 8, { speciality: '水利工程' });
    const [tendererEmployee] = await makeExperts(db, 1, { speciality: '水利工程', employerCreditCode: w.tenderer.enterprise.creditCode });
    const [bidderEmployee] = await makeExperts(db, 1, { speciality: '水利工程', employerCreditCode: bidders[1]!.enterprise.creditCode });
    const [bidderStaff] = await makeExperts(db, 1, { speciality: '水利工程', identityNumbers: [staffId] });
    const [otherCity] = await makeExperts(db, 1, { speciality: '水利工程', regionCode: '220502' });
    // One clean expert evaluated the tenderer's previous project.
    const previous = await db.selectFrom('trading_projects').select('id').where('tenderer_id', '=', w.tenderer.enterprise.id).where('id', '!=', project.id).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    const recentDraw = await db
      .insertInto('trading_draws')
      .values({ project_id: previous.id, requested_by: w.officer.actor.id, request: '{}', threshold: 2, status: 'revealed', ciphertext: Buffer.alloc(16), iv: '0'.repeat(32), pool_sm3: '' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const recentEvaluator = clean[0]!;
    await db.insertInto('trading_draw_members').values({ draw_id: recentDraw.id, expert_id: recentEvaluator.expertId, speciality: '水利工程', position: 1, role: 'member', status: 'accepted' }).execute();

    const { eligiblePool } = await import('./draws.js');
    const { runDraw } = await import('./draw-engine.js');
    const { randomHex } = await import('./sm-crypto.js');
    const forbidden = new Set([tendererEmployee!.expertId, bidderEmployee!.expertId, bidderStaff!.expertId, recentEvaluator.expertId]);
    const request = { parts: [{ speciality: '水利工程', count: 4, reserves: 2 }], avoidRecentProjects: 3, regions: ['220581'] };
    const eligible = await eligiblePool(db, (await db.selectFrom('trading_projects').selectAll().where('id', '=', project.id).executeTakeFirstOrThrow()), request);
    expect(eligible['水利工程']!.filter((id) => forbidden.has(id) || id === otherCity!.expertId)).toEqual([]);
    const counts = new Map<number, number>();
    for (let i = 0; i < 500; i++) {
      const seed = randomHex(32);
      const picks = runDraw(seed, request.parts, eligible);
      expect(picks).toHaveLength(6);
      expect(new Set(picks.map((p) => p.expertId)).size).toBe(6);
      for (const pick of picks) {
        expect(forbidden.has(pick.expertId)).toBe(false);
        counts.set(pick.expertId, (counts.get(pick.expertId) ?? 0) + 1);
      }
      // Reproducible from the seed.
      expect(runDraw(seed, request.parts, eligible)).toEqual(picks);
    }
    // Every eligible expert (7 clean ones) gets drawn sometimes: 6 of 7 places, ~430 times each.
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(clean.slice(1).map((e) => e.expertId).sort((a, b) => a - b));
    for (const n of counts.values()) expect(n).toBeGreaterThan(350);

    // Remote evaluation: with the other city's pool asked for, its expert becomes eligible.
    const remote = await eligiblePool(db, (await db.selectFrom('trading_projects').selectAll().where('id', '=', project.id).executeTakeFirstOrThrow()), { ...request, regions: ['220581', '220502'] });
    expect(remote['水利工程']).toContain(otherCity!.expertId);
  });

  it('an expert who declines is replaced from the reserves by the same rules', async () => {
    const db = t.db;
    const { project } = await openedProjectWithBidders();
    const pool = await makeExperts(db, 4, { speciality: '园林绿化' });
    const draw = await createDraw(db, w.officer.actor, project.id, { parts: [{ speciality: '园林绿化', count: 1, reserves: 2 }], avoidRecentProjects: 0, regions: ['220581'], holderUserIds: [w.supervisor.actor.id, w.officer.actor.id], threshold: 2 });
    await presentShare(db, w.supervisor.actor, draw.drawId, await holderShare(w.supervisor, draw.drawId));
    await presentShare(db, w.officer.actor, draw.drawId, await holderShare(w.officer, draw.drawId));
    const members = (await drawView(db, project.id))!.members;
    const member = pool.find((p) => p.expertId === members.find((m) => m.role === 'member')!.expertId)!;
    const [firstReserve, secondReserve] = members.filter((m) => m.role === 'reserve').sort((a, b) => a.position - b.position);
    // The first reserve has since joined a bidder: the replacement skips them.
    const bidderCode = (await db.selectFrom('trading_bids').innerJoin('trading_enterprises', 'trading_enterprises.id', 'trading_bids.enterprise_id').select('credit_code').where('project_id', '=', project.id).executeTakeFirstOrThrow()).credit_code;
    await db.updateTable('trading_experts').set({ employer_credit_code: bidderCode }).where('id', '=', firstReserve!.expertId).execute();
    const { replacement } = await respondToDraw(db, member.actor, draw.drawId, false, '出差');
    expect(replacement).toBe(secondReserve!.expertId);
    const after = (await drawView(db, project.id))!.members;
    expect(after.find((m) => m.expertId === secondReserve!.expertId)).toMatchObject({ role: 'member', status: 'notified', replaces: member.expertId });
    expect(after.find((m) => m.expertId === member.expertId)!.status).toBe('declined');
  });
});

describe('blacklist', () => {
  it('a blacklisted enterprise can neither register nor bid; the attempt warns the supervisor', async () => {
    const db = t.db;
    const project = await announcedProject(db, w);
    const bidder = await makeEnterprise(db, '失信建设有限公司');
    const { addEntry, publicBlacklist } = await import('./blacklist.js');
    const today = chinaDate();
    await addEntry(db, w.officer.actor, { creditCode: bidder.enterprise.creditCode, name: '失信建设有限公司', reason: '串通投标', source: 'court', sourceName: '梅河口市人民法院', startsOn: today, endsOn: null });
    await expect(submitBid(db, bidder.actor, project.id, sealedBidFor(bidder, project.id, project.lotId, bidContent()), '10.5.5.5')).rejects.toThrow('黑名单');
    expect(await db.selectFrom('trading_bids').select('id').where('enterprise_id', '=', bidder.enterprise.id).execute()).toEqual([]);
    const warnings = await db.selectFrom('trading_warnings').select(['rule', 'evidence']).where('project_id', '=', project.id).execute();
    expect(warnings).toEqual([{ rule: 'BLACKLIST_ATTEMPT', evidence: expect.objectContaining({ creditCode: bidder.enterprise.creditCode }) }]);
    const { registerEnterprise } = await import('./enterprises.js');
    await expect(
      registerEnterprise(db, bidder.actor, { creditCode: bidder.enterprise.creditCode, name: '失信建设有限公司', legalRepresentative: '王', address: '', licences: [], qualifications: [], performance: [], people: [] }),
    ).rejects.toThrow('不得登记入库');
    expect((await publicBlacklist(db)).map((e) => e.creditCode)).toContain(bidder.enterprise.creditCode);
    // The public 曝光台.
    const screen = await t.app.inject({ method: 'GET', url: '/api/public/trading/blacklist' });
    expect(screen.json().entries.find((e: { creditCode: string }) => e.creditCode === bidder.enterprise.creditCode)).toMatchObject({ source: 'court', sourceName: '梅河口市人民法院', reason: '串通投标' });
  });

  it('the signed feed exports and imports between cities; a tampered or unknown feed is refused', async () => {
    const db = t.db;
    const { exportFeed, importFeed, addPartner, activeEntry } = await import('./blacklist.js');
    const { SYSTEM } = await import('./events.js');
    const { randomCreditCode } = await import('../../test/trading-factories.js');
    const code = randomCreditCode();
    const { addEntry } = await import('./blacklist.js');
    await addEntry(db, w.officer.actor, { creditCode: code, name: '外地失信公司', reason: '提供虚假材料', source: 'centre', sourceName: '本中心', startsOn: '2026-01-01', endsOn: '2099-12-31' });
    // "Another city" is a second centre of this database with its own key.
    const { makeCentre } = await import('../../test/factories.js');
    const otherCentre = await makeCentre(db, '220502');
    const feed = await exportFeed(db, SYSTEM, { id: w.centre.id, name: '梅河口市公共资源交易中心', region_code: '220581' });
    expect(feed.entries.some((e) => e.creditCode === code)).toBe(true);
    const otherOfficer = toActorOf(await makeUser(db, 'trading_officer', { centreId: otherCentre.id }));
    await expect(importFeed(db, otherOfficer, feed)).rejects.toThrow('未登记的数据交换方');
    await addPartner(db, otherOfficer, { name: '梅河口市公共资源交易中心', regionCode: '220581', publicKey: feed.publicKey });
    await expect(importFeed(db, otherOfficer, { ...feed, entries: feed.entries.map((e) => ({ ...e, reason: '改过的理由' })) })).rejects.toThrow('签名验证失败');
    const first = await importFeed(db, otherOfficer, feed);
    expect(first).toEqual({ received: feed.entries.length, imported: feed.entries.length });
    // Importing the same feed again adds nothing.
    expect(await importFeed(db, otherOfficer, feed)).toEqual({ received: feed.entries.length, imported: 0 });
    const imported = await db.selectFrom('trading_blacklist').select(['source', 'source_name', 'reason']).where('credit_code', '=', code).where('source', '=', 'other_city').execute();
    expect(imported).toEqual([{ source: 'other_city', source_name: '梅河口市公共资源交易中心（本中心）', reason: '提供虚假材料' }]);
    expect(await activeEntry(db, code)).toBeDefined();
  });
});

describe('the audit chain', () => {
  it('altering a trading event breaks the chain at that row', async () => {
    const db = t.db;
    await announcedProject(db, w);
    expect((await verifyTradingChain(db)).firstBreak).toBeNull();
    const victim = await db.selectFrom('trading_events').select('seq').where('action', '=', 'announcement_published').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    await db.updateTable('trading_events').set({ data: JSON.stringify({ forged: true }) }).where('seq', '=', victim.seq).execute();
    expect((await verifyTradingChain(db)).firstBreak).toEqual({ seq: victim.seq, problem: 'altered' });
  });
});
