import { DatePicker, Form, Input, InputNumber, Select } from 'antd';
import dayjs from 'dayjs';
import type { FormField } from '../api/catalog';

const MOBILE = /^1[3-9]\d{9}$/;

/** The item's form as the catalogue defines it. Dates travel as 'YYYY-MM-DD'. */
export function DynamicFields({ fields }: { fields: FormField[] }) {
  return (
    <>
      {fields.map((field) => (
        <Form.Item
          key={field.key}
          name={field.key}
          label={field.label}
          rules={[
            { required: field.required, message: `请填写「${field.label}」` },
            ...(field.type === 'phone' ? [{ pattern: MOBILE, message: '请输入 11 位手机号' }] : []),
          ]}
          getValueProps={field.type === 'date' ? (value: string | undefined) => ({ value: value ? dayjs(value) : undefined }) : undefined}
          normalize={field.type === 'date' ? (value: dayjs.Dayjs | null) => (value ? value.format('YYYY-MM-DD') : undefined) : undefined}
        >
          {field.type === 'textarea' ? (
            <Input.TextArea rows={3} maxLength={field.maxLength ?? 2000} showCount />
          ) : field.type === 'number' ? (
            <InputNumber style={{ width: '100%' }} />
          ) : field.type === 'date' ? (
            <DatePicker style={{ width: '100%' }} />
          ) : field.type === 'select' ? (
            <Select options={(field.options ?? []).map((o) => ({ value: o, label: o }))} />
          ) : (
            <Input maxLength={field.type === 'phone' ? 11 : (field.maxLength ?? 200)} inputMode={field.type === 'phone' ? 'tel' : undefined} />
          )}
        </Form.Item>
      ))}
    </>
  );
}

const MEMORY_KEY = 'onewindow.form-memory';

/** What the applicant typed before, by field key, so contact details are never typed twice. */
export function rememberedValues(fields: FormField[]): Record<string, unknown> {
  try {
    const memory = JSON.parse(localStorage.getItem(MEMORY_KEY) ?? '{}') as Record<string, unknown>;
    return Object.fromEntries(fields.filter((f) => memory[f.key] !== undefined && f.type !== 'date').map((f) => [f.key, memory[f.key]]));
  } catch {
    return {};
  }
}

export function rememberValues(values: Record<string, unknown>): void {
  try {
    const memory = JSON.parse(localStorage.getItem(MEMORY_KEY) ?? '{}') as Record<string, unknown>;
    localStorage.setItem(MEMORY_KEY, JSON.stringify({ ...memory, ...values }));
  } catch {
    // Private browsing: nothing to remember with.
  }
}
