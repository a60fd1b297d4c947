import { describe, expect, it } from 'vitest';
import { numberMaterials } from './material-ids.js';

const material = (name: string, id?: string) => ({ ...(id ? { id } : {}), name, requirement: 'required' as const, form: 'copy' as const, copies: 1, source: '' });

describe('numberMaterials', () => {
  it('numbers an unnumbered list in order', () => {
    const { materials, problems } = numberMaterials([material('申请书'), material('身份证'), material('照片')]);
    expect(materials.map((m) => m.id)).toEqual(['M01', 'M02', 'M03']);
    expect(problems).toEqual([]);
  });

  it('keeps written ids and a namesake’s previous id, and never reuses a removed one', () => {
    const previous = numberMaterials([material('申请书'), material('身份证'), material('照片')]).materials;
    // 身份证 removed, 照片 written without its id, a new material added.
    const { materials } = numberMaterials([material('申请书', 'M01'), material('照片'), material('营业执照')], previous);
    expect(materials.map((m) => [m.name, m.id])).toEqual([
      ['申请书', 'M01'],
      ['照片', 'M03'],
      ['营业执照', 'M04'],
    ]);
  });

  it('reports a duplicated id', () => {
    expect(numberMaterials([material('甲', 'M01'), material('乙', 'M01')]).problems).toEqual(['材料编号 M01 重复']);
  });
});
