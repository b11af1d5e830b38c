import azf from '@azure/functions';
import type { EventGridEvent, InvocationContext } from '@azure/functions';
import { processUpload, type UploadOutcome } from '../core/app/process-upload.js';
import { AppError } from '../core/errors.js';
import { narrowBlobCreated } from './blob-events.js';
import { runtime } from './services.js';

/**
 * A dump uploaded to the uploads container (an Event Grid BlobCreated event carrying its URL): streamed from storage
 * into PostgreSQL, reported on and published. A transient failure (database or storage down) is thrown, so Event
 * Grid delivers the event again; a verdict is answered (a bad file is already quarantined by processUpload).
 */
export async function upload(
  event: EventGridEvent,
  context: InvocationContext,
): Promise<UploadOutcome | null> {
  const { services, blobEndpoint } = await runtime(); // settings or database unusable: thrown, so retried
  const target = narrowBlobCreated(event, { blobEndpoint, container: services.settings.uploadsContainer });
  if (target.kind === 'ignore') {
    context.log(`event ${event.id} ignored: ${target.reason}`);
    return null;
  }
  context.log(`processing ${target.blobName} (event ${event.id})`);
  try {
    const outcome = await processUpload({ ...services, log: (m) => context.log(m) }, target.blobName);
    const detail =
      outcome.status === 'published' ? `run ${outcome.asOf}/${outcome.runId}` : describe(outcome);
    if (outcome.status === 'rejected' || outcome.status === 'failed') {
      context.warn(`${target.blobName}: ${outcome.status}: ${detail}`);
    } else context.log(`${target.blobName}: ${outcome.status}: ${detail}`);
    return outcome;
  } catch (err) {
    // Not a verdict on the file: an outage, or an error we do not know (a bug: after Event Grid's retries, the event
    // waits in the dead-letter container to be replayed once fixed). processUpload has already answered bad files.
    if (!(err instanceof AppError) || err.retryable) {
      context.warn(
        `${target.blobName}: ${err instanceof AppError ? err.code : 'UNEXPECTED'}: ${String(err)} (retried)`,
      );
      throw err;
    }
    context.error(`${target.blobName}: ${err.code}: ${err.message}`);
    return { status: 'failed', code: err.code, message: err.message };
  }
}

function describe(outcome: Exclude<UploadOutcome, { status: 'published' }>): string {
  if (outcome.status === 'rejected') return `${outcome.note.code}: ${outcome.note.message}`;
  if (outcome.status === 'failed') return `${outcome.code}: ${outcome.message}`;
  return outcome.reason;
}

azf.app.eventGrid('upload', { handler: upload });
