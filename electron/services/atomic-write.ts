import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** The few file operations an atomic write needs; tests inject failing ones. */
export interface AtomicFs {
  open(file: string, flags: string, mode?: number): Promise<WritableFile>;
  rename(from: string, to: string): Promise<void>;
  rm(file: string, options: { force: true }): Promise<void>;
}

export interface WritableFile {
  writeFile(data: string | Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export const nodeFs: AtomicFs = { open, rename, rm };

/**
 * Replace `file` with `data` so that a crash or a failed write never leaves it half
 * written: write a temporary file beside it, flush it to the disk, then rename it over
 * the target (atomic within one folder). On any failure the temporary file is removed,
 * the previous file is untouched, and the error says why in one sentence.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, fs: AtomicFs = nodeFs): Promise<void> {
  const temp = `${file}.tmp-${randomBytes(6).toString('hex')}`;
  let handle: WritableFile | null = null;
  try {
    handle = await fs.open(temp, 'wx', 0o644);
    await handle.writeFile(data);
    await handle.sync();
    const written = handle;
    handle = null;
    await written.close();
    await fs.rename(temp, file);
  } catch (error) {
    // The write already failed: a second failure while closing the half-written file says nothing more.
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    throw new Error(`cannot write ${file}: ${describeFileError(error)}`, { cause: error });
  }
  await syncFolder(path.dirname(file), fs);
}

/** Make the rename itself durable. Some platforms (Windows) cannot open a folder for this; the rename is done either way. */
async function syncFolder(folder: string, fs: AtomicFs): Promise<void> {
  let handle: WritableFile;
  try {
    handle = await fs.open(folder, 'r');
  } catch {
    return;
  }
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The reason a file operation failed, as a user would say it. */
export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    default:
      return (error instanceof Error ? error.message : String(error)).split('\n')[0];
  }
}
