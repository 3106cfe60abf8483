/**
 * Reading PDFs back with Debian's poppler-utils (installed by `.ci/run`): their text as a reader's
 * tool extracts it (`pdftotext`), their embedded files (`pdfdetach`), their images (`pdfimages`)
 * and a page as PNG (`pdftoppm`). An independent reader, not the library that wrote the file.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs `fn` with the PDF written to a temporary directory, removed afterwards. */
async function withPdf<T>(pdf: Buffer, fn: (file: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'puente-pdf-'));
  try {
    const file = path.join(dir, 'file.pdf');
    await writeFile(file, pdf);
    return await fn(file, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text of every page (`pdftotext -layout`, UTF-8); pages are separated by form feeds. */
export function pdfToText(pdf: Buffer): Promise<string> {
  return withPdf(pdf, async (file) => (await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'])).stdout);
}

/** The embedded files, by name (`pdfdetach -saveall`). */
export function pdfAttachments(pdf: Buffer): Promise<Map<string, Buffer>> {
  return withPdf(pdf, async (file, dir) => {
    const out = path.join(dir, 'attached');
    await run('mkdir', [out]);
    await run('pdfdetach', ['-saveall', '-o', out, file]);
    const names = await readdir(out);
    return new Map(await Promise.all(names.map(async (n) => [n, await readFile(path.join(out, n))] as const)));
  });
}

/** The images the pages draw, as `pdfimages -list` lists them (one line each: page, size, type). */
export function pdfImages(pdf: Buffer): Promise<Array<{ page: number; width: number; height: number; encoding: string }>> {
  return withPdf(pdf, async (file) => {
    const { stdout } = await run('pdfimages', ['-list', file]);
    return stdout
      .split('\n')
      .slice(2)
      .filter((l) => l.trim())
      .map((l) => l.trim().split(/\s+/))
      .map((c) => ({ page: Number(c[0]), width: Number(c[3]), height: Number(c[4]), encoding: c[8] ?? '' }));
  });
}

/** Page `page` as a PNG at `dpi` (`pdftoppm`). */
export function pdfPagePng(pdf: Buffer, page = 1, dpi = 80): Promise<Buffer> {
  return withPdf(pdf, async (file, dir) => {
    await run('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file, path.join(dir, 'page')]);
    return readFile(path.join(dir, 'page.png'));
  });
}
