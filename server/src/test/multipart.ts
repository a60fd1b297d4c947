/**
 * A multipart body built by hand, as a browser would send it: the `name` field first, then the
 * file; `more` adds further files to the same request, each after its own `name` when it has one.
 */
export function multipartBody(fields: {
  /** The listed material (M01 …) the files after it answer. */
  materialId?: string;
  name?: string;
  filename: string;
  content: Buffer;
  contentType?: string;
  more?: { filename: string; content: Buffer; name?: string; materialId?: string }[];
}) {
  const boundary = '----onewindowtest' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  const named = (key: string, value: string) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`);
  const field = (name: string) => named('name', name);
  const file = (filename: string, content: Buffer) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
        `Content-Type: ${fields.contentType ?? 'application/pdf'}\r\n\r\n`,
    ),
    content,
    Buffer.from('\r\n'),
  ];
  if (fields.materialId !== undefined) parts.push(named('materialId', fields.materialId));
  if (fields.name !== undefined) parts.push(field(fields.name));
  parts.push(...file(fields.filename, fields.content));
  for (const extra of fields.more ?? []) {
    if (extra.materialId !== undefined) parts.push(named('materialId', extra.materialId));
    if (extra.name !== undefined) parts.push(field(extra.name));
    parts.push(...file(extra.filename, extra.content));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
