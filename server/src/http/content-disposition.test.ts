import { describe, expect, it } from 'vitest';
import { contentDisposition } from './content-disposition.js';

describe('contentDisposition', () => {
  it('names the file in Chinese and keeps the ASCII part of the name as the fallback', () => {
    expect(contentDisposition('受理通知书-220581-20261201-00001.pdf', 'inline')).toBe(
      `inline; filename="220581-20261201-00001.pdf"; filename*=UTF-8''${encodeURIComponent('受理通知书-220581-20261201-00001.pdf')}`,
    );
  });

  it('encodes the characters RFC 5987 leaves out and falls back to a generic name', () => {
    expect(contentDisposition("食品经营许可（新办）办事指南(2026)'.pdf")).toBe(
      `attachment; filename="2026.pdf"; filename*=UTF-8''${encodeURIComponent('食品经营许可（新办）办事指南')}%282026%29%27.pdf`,
    );
    expect(contentDisposition('考核报告.xlsx')).toMatch(/^attachment; filename="document\.xlsx"; filename\*=UTF-8''%E8%80%83/);
  });
});
