import { describe, expect, it } from 'vitest';
import type { ItemMaterial } from '../../db/schema.js';
import { acceptanceBlockers, blockerText, checkSubmission, unansweredPoints, type MaterialStanding } from './checklist.js';

const m = (id: string, extra: Partial<ItemMaterial> = {}): ItemMaterial => ({ id, name: `材料${id}`, requirement: 'required', form: 'copy', copies: 1, source: '', ...extra });
const LIST = [m('M01'), m('M02', { deferrable: true }), m('M03', { requirement: 'optional' }), m('M04', { governmentHeld: true }), m('M05', { licenceType: '营业执照' })];

describe('checkSubmission', () => {
  it('names every required material neither sent nor deferred; held, optional and replaceable ones are not asked', () => {
    expect(checkSubmission(LIST, new Set(), new Set()).missing.map((x) => x.id)).toEqual(['M01', 'M02']);
    expect(checkSubmission(LIST, new Set(['M01']), new Set(['M02']))).toEqual({ missing: [], notDeferrable: [] });
  });

  it('refuses to defer a material the item does not allow 容缺 for', () => {
    expect(checkSubmission(LIST, new Set(['M02']), new Set(['M01'])).notDeferrable.map((x) => x.id)).toEqual(['M01']);
  });
});

describe('acceptanceBlockers', () => {
  const standing = (entries: [string, Partial<MaterialStanding>][]) =>
    new Map(entries.map(([id, s]) => [id, { verdict: null, reason: null, deferred: false, ...s } as MaterialStanding]));

  it('blocks on unverified and defective required materials, not on deferred or optional ones', () => {
    const blockers = acceptanceBlockers(LIST, standing([['M01', { verdict: 'defective', reason: '复印件不清晰' }], ['M02', { deferred: true }]]));
    expect(blockers.map(blockerText)).toEqual(['M01 材料M01（不合格：复印件不清晰）', 'M05 材料M05（未核验）']);
  });

  it('lets acceptance through when every required material is accepted or deferred', () => {
    expect(acceptanceBlockers(LIST, standing([['M01', { verdict: 'accepted' }], ['M02', { deferred: true }], ['M05', { verdict: 'accepted' }]]))).toEqual([]);
  });
});

describe('unansweredPoints', () => {
  const points = [
    { materialId: 'M01', text: '复印件不清晰' },
    { materialId: 'M02', text: '缺少' },
    { materialId: null, text: '申请表未签字' },
  ];

  it('needs every point answered: 1 of 3 is not enough', () => {
    expect(unansweredPoints(points, new Map(), new Set(['M01']))).toEqual([1, 2]);
  });

  it('counts a new file for a material point, or a written answer for any point', () => {
    expect(unansweredPoints(points, new Map([[2, '已签字'], [1, '已补交纸质件']]), new Set(['M01']))).toEqual([]);
    expect(unansweredPoints(points, new Map([[2, '  ']]), new Set(['M01', 'M02']))).toEqual([2]);
  });
});
