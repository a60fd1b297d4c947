/**
 * `Content-Disposition` for a file a person keeps: the Chinese name in `filename*` (RFC 5987 /
 * RFC 6266, which every current browser uses) and an ASCII `filename` for older clients, made of
 * what in the name is ASCII already (the case number survives: 受理通知书-220581-….pdf →
 * 220581-….pdf).
 */
export function contentDisposition(fileName: string, disposition: 'inline' | 'attachment' = 'attachment'): string {
  const extension = /\.[A-Za-z0-9]+$/.exec(fileName)?.[0] ?? '';
  const stem = fileName
    .slice(0, fileName.length - extension.length)
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  const fallback = `${stem || 'document'}${extension}`;
  // encodeURIComponent leaves ' ( ) * ! alone, which RFC 5987's attr-char does not allow.
  const encoded = encodeURIComponent(fileName).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
