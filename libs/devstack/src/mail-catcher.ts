import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail the catcher received. */
export interface CaughtMail {
  id: string;
  receivedAt: string;
  from: string;
  /** The envelope's recipients, lower-case. */
  to: string[];
  subject: string;
  text: string;
  /** Files the mail carried (the 督办通知单 of a 督办), with their bytes. */
  attachments: { filename: string; contentType: string; size: number; content: Buffer }[];
}

export interface MailCatcher {
  smtpPort: number;
  /** The mailbox page (newest first; `/mail.json` for the list as JSON), when an HTTP port was asked for. */
  httpUrl: string | null;
  /** What has arrived, oldest first. */
  mails: CaughtMail[];
  close(): Promise<void>;
}

/**
 * A local SMTP server for development and tests (smtp-server, mailparser): it accepts any
 * mail without authentication or TLS, keeps it in memory, writes it to `dir` when given
 * (`<time>-<id>.eml` and `.json`), and shows the mailbox on a small web page. Never for
 * production: it delivers nothing.
 */
export async function startMailCatcher(
  params: { smtpPort?: number; httpPort?: number | null; host?: string; dir?: string | null } = {},
): Promise<MailCatcher> {
  const host = params.host ?? '127.0.0.1';
  const mails: CaughtMail[] = [];
  if (params.dir) fs.mkdirSync(params.dir, { recursive: true });
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    banner: 'plancycle mail catcher (development only)',
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            const mail: CaughtMail = {
              id: randomUUID(),
              receivedAt: new Date().toISOString(),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              attachments: parsed.attachments.map((a) => ({
                filename: a.filename ?? '',
                contentType: a.contentType,
                size: a.size,
                content: a.content,
              })),
            };
            mails.push(mail);
            if (params.dir) {
              const base = path.join(params.dir, `${mail.receivedAt.replace(/[:.]/g, '-')}-${mail.id.slice(0, 8)}`);
              fs.writeFileSync(`${base}.eml`, raw);
              fs.writeFileSync(`${base}.json`, JSON.stringify(withoutContent(mail), null, 2));
            }
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.server.once('error', reject);
    smtp.listen(params.smtpPort ?? 0, host, () => resolve());
  });
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  let page: http.Server | null = null;
  let httpUrl: string | null = null;
  if (params.httpPort !== undefined && params.httpPort !== null) {
    page = http.createServer((req, res) => {
      const newestFirst = [...mails].reverse();
      if (req.url === '/mail.json') {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(newestFirst.map(withoutContent)));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(mailboxPage(newestFirst));
    });
    await new Promise<void>((resolve, reject) => {
      page?.once('error', reject);
      page?.listen(params.httpPort ?? 0, host, () => resolve());
    });
    httpUrl = `http://${host}:${(page.address() as AddressInfo).port}/`;
  }

  return {
    smtpPort,
    httpUrl,
    mails,
    async close() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      if (page) await new Promise<void>((resolve) => page?.close(() => resolve()));
    },
  };
}

/** A mail as JSON shows it: attachments by name, type and size (the .eml file has their bytes). */
function withoutContent(mail: CaughtMail) {
  return { ...mail, attachments: mail.attachments.map(({ content: _content, ...rest }) => rest) };
}

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

function mailboxPage(mails: CaughtMail[]): string {
  const rows = mails
    .map(
      (m) =>
        `<article><h2>${escapeHtml(m.subject)}</h2><p><small>${escapeHtml(m.receivedAt)} · from ${escapeHtml(m.from)} · to ${escapeHtml(m.to.join(', '))}</small></p><pre>${escapeHtml(m.text)}</pre>${
          m.attachments.length ? `<p>附件：${m.attachments.map((a) => escapeHtml(a.filename)).join('、')}</p>` : ''
        }</article>`,
    )
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta http-equiv="refresh" content="10"><title>plancycle mail catcher</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}article{border-bottom:1px solid #ccc}pre{white-space:pre-wrap}</style>
<h1>plancycle mail catcher <small>(${mails.length}, development only)</small></h1>${rows || '<p>No mail yet.</p>'}</html>`;
}
