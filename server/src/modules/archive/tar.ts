/**
 * A POSIX ustar archive of in-memory files: the one-file-per-case export for transfer (移交),
 * readable by any tar. Names are ASCII paths we build ourselves, under 100 bytes.
 */
export function tarFiles(files: { path: string; content: Buffer; mtime: Date }[]): Buffer {
  const blocks: Buffer[] = [];
  for (const file of files) {
    const header = Buffer.alloc(512);
    const name = Buffer.from(file.path, 'utf8');
    if (name.length > 99) throw new Error(`tar path too long: ${file.path}`);
    name.copy(header, 0);
    const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0') + '\0';
    header.write(octal(0o644, 8), 100, 'ascii');
    header.write(octal(0, 8), 108, 'ascii');
    header.write(octal(0, 8), 116, 'ascii');
    header.write(octal(file.content.length, 12), 124, 'ascii');
    header.write(octal(Math.floor(file.mtime.getTime() / 1000), 12), 136, 'ascii');
    header.write('        ', 148, 'ascii');
    header.write('0', 156, 'ascii');
    header.write('ustar\0' + '00', 257, 'ascii');
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
    blocks.push(header, file.content, Buffer.alloc((512 - (file.content.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}
