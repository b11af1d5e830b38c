import azf from '@azure/functions';
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { fileLink, listRuns } from '../core/app/reports-api.js';
import { rerunReport } from '../core/app/scheduled-report.js';
import { errorResponse, parseLimit, parseRerunBody, problem } from './http-errors.js';
import { runtime } from './services.js';

/** GET /api/runs[?limit=N]: the complete runs, newest first, with their files and notices. */
export async function listRunsHttp(req: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return answer(context, async () => {
    const { services } = await runtime();
    return { jsonBody: { runs: await listRuns(services, parseLimit(req.query.get('limit'))) } };
  });
}

/** GET /api/runs/{asOf}/{runId}/files/{*path}: a short-lived read-only link (?redirect=1: a 302 to it). */
export async function fileLinkHttp(req: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return answer(context, async () => {
    const { services } = await runtime();
    const { asOf = '', runId = '', path = '' } = req.params;
    const link = await fileLink(services, { asOf, runId }, path);
    if (req.query.get('redirect') === '1') return { status: 302, headers: { Location: link.url } };
    return { jsonBody: link };
  });
}

/** POST /api/runs with an optional {"as_of", "scoring"}: a new run from the data already loaded. */
export async function rerunHttp(req: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return answer(context, async () => {
    const options = parseRerunBody(await req.text());
    const { services } = await runtime();
    const outcome = await rerunReport({ ...services, log: (m) => context.log(m) }, options);
    if (outcome.status === 'no-data') return problem(409, 'NO_DATA', outcome.reason);
    const { runId, asOf, manifest, notices } = outcome;
    return { status: 201, jsonBody: { run_id: runId, as_of: asOf, manifest, notices } };
  });
}

async function answer(
  context: InvocationContext,
  fn: () => Promise<HttpResponseInit>,
): Promise<HttpResponseInit> {
  try {
    return await fn();
  } catch (err) {
    const response = errorResponse(err);
    if ((response.status ?? 500) >= 500) context.error(err);
    return response;
  }
}

azf.app.http('list-runs', { route: 'runs', methods: ['GET'], authLevel: 'function', handler: listRunsHttp });
azf.app.http('rerun-report', { route: 'runs', methods: ['POST'], authLevel: 'function', handler: rerunHttp });
azf.app.http('file-link', {
  route: 'runs/{asOf}/{runId}/files/{*path}',
  methods: ['GET'],
  authLevel: 'function',
  handler: fileLinkHttp,
});
