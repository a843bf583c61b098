import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { robotMessage } from '@plancycle/domain';

/** A file sent with an e-mail (the 督办通知单 of a 督办). */
export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

/** Sends one notice over one channel; throws with a readable message when it cannot. */
export interface NoticeChannels {
  /** Null when no mail server is configured (no e-mail notices are made). */
  email:
    | ((notice: { to: string; subject: string; body: string; idempotencyKey?: string; attachments?: MailAttachment[] }) => Promise<void>)
    | null;
  webhook(notice: { url: string; subject: string; body: string }): Promise<void>;
  close(): void;
}

/** E-mail over SMTP (nodemailer) and 钉钉 / 企业微信 robot webhooks (JSON over HTTP). */
export function createNoticeChannels(params: { smtpUrl?: string | undefined; from: string; timeoutMs?: number }): NoticeChannels {
  const timeoutMs = params.timeoutMs ?? 10_000;
  const transport = params.smtpUrl
    ? nodemailer.createTransport({
        url: params.smtpUrl,
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs * 2,
      } as SMTPTransport.Options)
    : null;
  return {
    email: transport
      ? async ({ to, subject, body, idempotencyKey, attachments }) => {
          await transport.sendMail({
            from: params.from,
            to,
            subject,
            text: body,
            // One Message-ID per notice: a send repeated after a crash between the server's
            // acceptance and our record of it carries the same id, which mail systems dedupe.
            ...(idempotencyKey
              ? { messageId: `<notice-${idempotencyKey}@plancycle.local>`, headers: { 'X-Plancycle-Notice': idempotencyKey } }
              : {}),
            ...(attachments?.length ? { attachments } : {}),
          });
        }
      : null,
    async webhook({ url, subject, body }) {
      const response = await fetch(signedWebhookUrl(url), {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(robotMessage(url, { subject, body })),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`webhook answered ${response.status}: ${text.slice(0, 200)}`);
      // 钉钉 and 企业微信 answer 200 with an error code in the body.
      const answer = parseJson(text) as { errcode?: unknown; errmsg?: unknown } | null;
      if (answer && typeof answer.errcode === 'number' && answer.errcode !== 0) {
        throw new Error(`webhook refused the message: ${answer.errcode} ${String(answer.errmsg ?? '')}`);
      }
    },
    close() {
      transport?.close();
    },
  };
}

/**
 * A 钉钉 robot with 加签 has its secret in the address as `#secret=SEC…` (a fragment, never
 * sent); the request then carries `timestamp` and `sign` = base64(HMAC-SHA256(secret,
 * "timestamp\nsecret")) as the robot's documentation asks.
 */
export function signedWebhookUrl(address: string, now = Date.now()): string {
  const url = new URL(address);
  const secret = new URLSearchParams(url.hash.replace(/^#/, '')).get('secret');
  url.hash = '';
  if (!secret) return url.toString();
  const sign = createHmac('sha256', secret).update(`${now}\n${secret}`).digest('base64');
  url.searchParams.set('timestamp', String(now));
  url.searchParams.set('sign', sign);
  return url.toString();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
