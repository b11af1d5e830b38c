import { AppError, DumpFormatError } from '../errors.js';
import type { AppServices } from './app-services.js';
import { REJECTED_PREFIX } from './app-services.js';

/** What LGS IT finds next to a rejected upload: `rejected/<name>.error.json`. */
export interface RejectionNote {
  file: string;
  code: string;
  message: string;
  line: number | null;
  first_bad_lines: { line: number; column: string | null; value: string | null; reason: string }[];
  rejected_at: string;
  what_to_do: string;
}

/**
 * Copies a bad upload to `rejected/` with a note saying why, so the file is not retried forever and IT can see
 * what to fix. The original stays where it was uploaded (the upload event is acknowledged, not replayed).
 */
export async function quarantine(
  services: AppServices,
  upload: { name: string; etag: string | null },
  error: AppError,
): Promise<RejectionNote> {
  const { store, settings } = services;
  const target = `${REJECTED_PREFIX}${upload.name}`;
  const note: RejectionNote = {
    file: upload.name,
    code: error.code,
    message: error.message,
    line: error instanceof DumpFormatError ? error.line : null,
    first_bad_lines:
      error instanceof DumpFormatError ? error.badLines.slice(0, 20).map((b) => ({ ...b })) : [],
    rejected_at: services.now().toISOString(),
    what_to_do:
      'Nothing was changed: the reports and data from the previous upload are still current. Fix the file ' +
      '(or export it again) and upload it once more.',
  };
  await store.copy(
    { container: settings.uploadsContainer, name: upload.name },
    { container: settings.uploadsContainer, name: target },
    upload.etag ? { sourceEtag: upload.etag } : {},
  );
  await store.put(settings.uploadsContainer, `${target}.error.json`, `${JSON.stringify(note, null, 2)}\n`, {
    contentType: 'application/json',
  });
  return note;
}
