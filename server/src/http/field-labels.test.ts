import { describe, expect, it } from 'vitest';
import { fieldLabel } from './field-labels.js';
import { plainMessage } from './zod-messages.js';
import { z } from 'zod';

describe('fieldLabel', () => {
  it('names a field by its own name, however deep', () => {
    expect(fieldLabel('body.password')).toBe('密码');
    expect(fieldLabel('body.applicant.identityNumber')).toBe('身份证号或统一社会信用代码');
    expect(fieldLabel('query.pageSize')).toBe('每页条数');
  });

  it('spells out the position in a list and falls back to the nearest named field', () => {
    expect(fieldLabel('body.materials.2.name')).toBe('名称（第 3 项）');
    expect(fieldLabel('body.itemIds.0')).toBe('事项（第 1 项）');
    expect(fieldLabel('body.formData.operatorName')).toBe('申请表');
    expect(fieldLabel('body')).toBe('提交的内容');
    expect(fieldLabel('body.somethingNew')).toBe('所填内容');
  });
});

describe('plain messages', () => {
  const messages = (schema: z.ZodType, value: unknown) => {
    const result = z.safeParse(schema, value, { error: plainMessage });
    return result.success ? [] : result.error.issues.map((i) => i.message);
  };

  it('say what to do in plain Chinese, and leave a schema’s own message alone', () => {
    expect(messages(z.object({ name: z.string() }), {})).toEqual(['请填写']);
    expect(messages(z.string().min(4), 'ab')).toEqual(['至少 4 个字']);
    expect(messages(z.string().max(3), 'abcd')).toEqual(['不能超过 3 个字']);
    expect(messages(z.number().int(), 1.5)).toEqual(['应为整数']);
    expect(messages(z.number().max(30), 31)).toEqual(['不能大于 30']);
    expect(messages(z.enum(['window', 'post']), 'drone')).toEqual(['不在可选范围内，请重新选择']);
    expect(messages(z.iso.date(), '2026/12/01')).toEqual(['日期格式不正确，应为 年-月-日，如 2026-12-01']);
    expect(messages(z.array(z.string()).min(1), [])).toEqual(['请至少选择一项']);
    expect(messages(z.string().min(4, '请写明原因'), 'a')).toEqual(['请写明原因']);
  });
});
