import { readFile, writeFile } from 'node:fs/promises';
import { workspaceSchema, type WorkspaceDocument } from '../../shared/api';

/** Read and check a workspace file; throws one sentence naming the file and what is wrong. */
export async function readWorkspaceFile(file: string): Promise<WorkspaceDocument> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not a workspace file: it is not valid JSON`);
  }
  const parsed = workspaceSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file} is not a valid workspace file: ${issue.path.join('.') || 'the document'}: ${issue.message}`);
  }
  return parsed.data;
}

export async function writeWorkspaceFile(file: string, document: WorkspaceDocument): Promise<void> {
  try {
    await writeFile(file, `${JSON.stringify(document, null, 2)}\n`, 'utf8');
  } catch (error) {
    throw new Error(`cannot write ${file}: ${(error as Error).message}`, { cause: error });
  }
}
