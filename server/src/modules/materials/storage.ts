import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Files live under `<data>/files/<first two hex chars>/<material id>`: the name is ours, never the
 * uploader's, so no path the user sends can reach the disk.
 */
export class FileStore {
  constructor(private readonly root: string) {}

  private pathOf(id: string): string {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error('invalid file id');
    return path.join(this.root, id.slice(0, 2), id);
  }

  async write(id: string, content: Buffer): Promise<void> {
    const file = this.pathOf(id);
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    // Write then rename, so a crash never leaves a half file under the final name.
    const temporary = `${file}.part`;
    await fs.writeFile(temporary, content, { mode: 0o600 });
    await fs.rename(temporary, file);
  }

  /** A second stored copy under a new id (one upload serving several cases: each owns its file). */
  async copy(fromId: string, toId: string): Promise<void> {
    const file = this.pathOf(toId);
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const temporary = `${file}.part`;
    await fs.copyFile(this.pathOf(fromId), temporary);
    await fs.rename(temporary, file);
  }

  read(id: string): Promise<Buffer> {
    return fs.readFile(this.pathOf(id));
  }

  async remove(id: string): Promise<void> {
    await fs.rm(this.pathOf(id), { force: true });
  }
}
