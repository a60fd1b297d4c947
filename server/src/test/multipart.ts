/** A multipart body built by hand, as a browser would send it: the `name` field first, then the file. */
export function multipartBody(fields: { name?: string; filename: string; content: Buffer; contentType?: string }) {
  const boundary = '----onewindowtest' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  if (fields.name !== undefined) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\n${fields.name}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fields.filename}"\r\n` +
        `Content-Type: ${fields.contentType ?? 'application/pdf'}\r\n\r\n`,
    ),
    fields.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
