/**
 * The floor's HTTP front (scripts/benchmark-vs-bare-temporal.ts), a process of its own as
 * plancycle's API is: the least an API can do to take a step from a person.
 *
 *   TEMPORAL_ADDRESS=… BARE_DATABASE_URL=… PORT=… npx tsx scripts/benchmark/floor-api.ts
 *
 * `POST /children/:workflowId/acknowledge` and `…/report` (a JSON body): the bearer token is
 * looked up in PostgreSQL (one query, by its SHA-256, as plancycle stores tokens), the caller's
 * unit goes to the child's update as its actor, and the update's result is the answer. No
 * framework, no validation beyond the workflow's own validator, no audit trail.
 * With FLOOR_WRITES_IN=api the front also writes the step (one INSERT) once the update has
 * answered, for workflows that have no activity; otherwise the workflow writes it.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { Pool } from 'pg';
import { FLOOR_STEP_INSERT, bareAcknowledgeUpdate, bareReportUpdate } from './bare.workflows';

async function main(): Promise<void> {
  const databaseUrl = process.env['BARE_DATABASE_URL'];
  if (!databaseUrl) throw new Error('BARE_DATABASE_URL is required');
  const pool = new Pool({ connectionString: databaseUrl, max: 5 });
  const connection = await Connection.connect({ address: process.env['TEMPORAL_ADDRESS'] ?? '127.0.0.1:7233' });
  const client = new Client({ connection });
  const writesHere = process.env['FLOOR_WRITES_IN'] === 'api';

  async function unitOf(request: IncomingMessage): Promise<string | null> {
    const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!token) return null;
    const sha256 = createHash('sha256').update(token).digest('hex');
    const { rows } = await pool.query<{ unit: string }>('SELECT unit FROM bare_floor.caller WHERE token_sha256 = $1', [sha256]);
    return rows[0]?.unit ?? null;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const route = /^\/children\/([^/]+)\/(acknowledge|report)$/.exec(request.url ?? '');
    if (request.method !== 'POST' || !route) return answer(response, 404, { error: 'not found' });
    const unit = await unitOf(request);
    if (!unit) return answer(response, 401, { error: 'unauthenticated' });
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    const child = client.workflow.getHandle(decodeURIComponent(route[1] as string));
    try {
      const result =
        route[2] === 'acknowledge'
          ? await child.executeUpdate(bareAcknowledgeUpdate, { args: [{ unit }] })
          : await child.executeUpdate(bareReportUpdate, {
              args: [
                {
                  actor: { unit },
                  periodKey: String(body['periodKey']),
                  values: body['values'] as { indicatorId: string; value: number }[],
                },
              ],
            });
      if (writesHere) {
        await pool.query(FLOOR_STEP_INSERT, [child.workflowId, route[2], JSON.stringify(body)]);
      }
      answer(response, 200, result);
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError)
        return answer(response, 422, { error: String(error.cause?.message ?? error.message) });
      throw error;
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => answer(response, 500, { error: String(error) }));
  });
  const port = Number(process.env['PORT'] ?? 0);
  server.listen(port, '127.0.0.1', () => console.log(`floor API listening on 127.0.0.1:${port}`));
  process.on('SIGTERM', () => {
    server.close();
    void Promise.all([pool.end(), connection.close()]).finally(() => process.exit(0));
  });
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
