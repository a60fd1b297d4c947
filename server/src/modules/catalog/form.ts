import { z } from 'zod';
import type { FormField } from '../../db/schema.js';
import { AppError, type ErrorDetail } from '../../http/errors.js';

const MOBILE = /^1[3-9]\d{9}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const NUMBER_SCHEMA = z.number({ error: '应为数字' }).finite();
const DATE_SCHEMA = z.string().regex(DATE, '应为日期 YYYY-MM-DD');
const PHONE_SCHEMA = z.string().regex(MOBILE, '应为 11 位手机号');
/**
 * Text and choice validators by their settings. Building a zod schema costs more than running it,
 * and every submission validates its form: built once per distinct setting, not per request.
 */
const builtSchemas = new Map<string, z.ZodType>();
/** Distinct settings are few (lengths, option lists); the bound only guards against a runaway catalogue. */
const MAX_BUILT_SCHEMAS = 1000;

/** One zod validator per field type; the item's form definition decides which fields exist. */
function fieldSchema(field: FormField): z.ZodType {
  if (field.type === 'number') return NUMBER_SCHEMA;
  if (field.type === 'date') return DATE_SCHEMA;
  if (field.type === 'phone') return PHONE_SCHEMA;
  const max = field.maxLength ?? (field.type === 'textarea' ? 2000 : 200);
  const key = field.type === 'select' ? `select:${JSON.stringify(field.options ?? [])}` : `text:${max}`;
  let schema = builtSchemas.get(key);
  if (!schema) {
    schema =
      field.type === 'select'
        ? z.enum((field.options ?? []) as [string, ...string[]], { error: '不在可选范围内' })
        : z.string().trim().min(1, '不能为空').max(max, `不能超过 ${max} 个字`);
    if (builtSchemas.size >= MAX_BUILT_SCHEMAS) builtSchemas.clear();
    builtSchemas.set(key, schema);
  }
  return schema;
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
