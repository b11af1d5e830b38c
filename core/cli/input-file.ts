import { stat } from 'node:fs/promises';
import { AppError } from '../errors.js';

/** The size of an input file, or a one-line error a person can act on. */
export async function inputFileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new AppError(
      'INPUT_NOT_FOUND',
      `cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`,
    );
  }
}
