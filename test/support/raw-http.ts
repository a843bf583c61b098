import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  json: unknown;
  elapsedMs: number;
}

/**
 * One HTTP request exactly as given: the path is not normalised (`..` stays), the body's
 * bytes are sent as they are (invalid UTF-8 included), and any Content-Type may be set.
 * supertest and fetch would rewrite some of these.
 */
export function rawRequest(params: {
  baseUrl: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}): Promise<RawResponse> {
  const url = new URL(params.baseUrl);
  const body = params.body === undefined ? undefined : Buffer.isBuffer(params.body) ? params.body : Buffer.from(params.body, 'utf8');
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: params.method,
        path: params.path,
        headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...params.headers },
      },
      (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          if (/json/.test(String(response.headers['content-type']))) {
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json, elapsedMs: Date.now() - started });
        });
        response.on('error', reject);
      },
    );
    // A server may answer (413) and close before reading a large body: the answer counts.
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    request.end(body);
  });
}

/** A multipart/form-data body with one file field (and optional text fields). */
export function multipartBody(params: {
  field: string;
  filename: string;
  content: Buffer;
  contentType?: string;
  fields?: Record<string, string>;
}): { body: Buffer; contentType: string } {
  const boundary = `----plancycle${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(params.fields ?? {})) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${params.field}"; filename="${params.filename}"\r\nContent-Type: ${params.contentType ?? 'application/octet-stream'}\r\n\r\n`,
    ),
    params.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
