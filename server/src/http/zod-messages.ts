import { z } from 'zod';

/**
 * Plain-Chinese messages for every schema check that does not carry its own message. zod's
 * bundled zh-CN locale speaks to programmers ("期望 string，实际接收 undefined", regexes, enum
 * codes); these speak to the person at the form. A schema's own message still wins.
 */
export function plainMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null || issue.input === '') return '请填写';
      if (issue.expected === 'int') return '应为整数';
      if (issue.expected === 'number') return '应为数字';
      return '格式不正确';
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? '请填写' : `至少 ${min} 个字`;
      if (issue.origin === 'array' || issue.origin === 'set') return min <= 1 ? '请至少选择一项' : `至少 ${min} 项`;
      if (issue.origin === 'date') return '日期太早';
      return issue.inclusive ? `不能小于 ${min}` : `应大于 ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `不能超过 ${max} 个字`;
      if (issue.origin === 'array' || issue.origin === 'set') return `最多 ${max} 项`;
      if (issue.origin === 'file') return '文件太大';
      if (issue.origin === 'date') return '日期太晚';
      return issue.inclusive ? `不能大于 ${max}` : `应小于 ${max}`;
    }
    case 'invalid_format':
      switch (issue.format) {
        case 'email':
          return '电子邮箱格式不正确';
        case 'date':
          return '日期格式不正确，应为 年-月-日，如 2026-12-01';
        case 'datetime':
          return '时间格式不正确';
        case 'time':
          return '时刻格式不正确，如 09:00';
        case 'url':
          return '网址格式不正确';
        case 'uuid':
        case 'guid':
          return '编号格式不正确';
        default:
          return '格式不正确';
      }
    case 'invalid_value':
      return '不在可选范围内，请重新选择';
    case 'not_multiple_of':
      return `应为 ${String(issue.divisor)} 的整数倍`;
    case 'unrecognized_keys':
      return '含有不能识别的内容';
    default:
      return '格式不正确';
  }
}

let installed = false;
/** Makes `plainMessage` zod's message for this process (once; later calls do nothing). */
export function installPlainMessages(): void {
  if (installed) return;
  installed = true;
  z.config({ customError: plainMessage });
}
