import { z } from 'zod';
import type { FormField } from '../../db/schema.js';
import { AppError, type ErrorDetail } from '../../http/errors.js';

const MOBILE = /^1[3-9]\d{9}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** One zod validator per field type; the item's form definition decides which fields exist. */
function fieldSchema(field: FormField): z.ZodType {
  const max = field.maxLength ?? (field.type === 'textarea' ? 2000 : 200);
  switch (field.type) {
    case 'number':
      return z.number({ error: '应为数字' }).finite();
    case 'date':
      return z.string().regex(DATE, '应为日期 YYYY-MM-DD');
    case 'phone':
      return z.string().regex(MOBILE, '应为 11 位手机号');
    case 'select':
      return z.enum((field.options ?? []) as [string, ...string[]], { error: '不在可选范围内' });
    default:
      return z.string().trim().min(1, '不能为空').max(max, `不能超过 ${max} 个字`);
  }
}

/**
 * Checks application data against the item's form: required fields present, each of the right
 * type, and nothing the form does not define (so a case never stores stray input).
 * @returns the cleaned data; throws VALIDATION_FAILED naming every bad field
 */
export function validateFormData(fields: FormField[], data: Record<string, unknown>): Record<string, unknown> {
  const details: ErrorDetail[] = [];
  const clean: Record<string, unknown> = {};
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(data)) {
    if (!known.has(key)) details.push({ field: `body.formData.${key}`, message: '表单中没有这个字段' });
  }
  for (const field of fields) {
    const value = data[field.key];
    if (value === undefined || value === null || value === '') {
      if (field.required) details.push({ field: `body.formData.${field.key}`, message: `请填写「${field.label}」` });
      continue;
    }
    const result = fieldSchema(field).safeParse(value);
    if (result.success) clean[field.key] = result.data;
    else details.push({ field: `body.formData.${field.key}`, message: `「${field.label}」${result.error.issues[0]?.message ?? '格式不正确'}` });
  }
  if (details.length) throw new AppError('VALIDATION_FAILED', details.map((d) => d.message).join('；'), details);
  return clean;
}
