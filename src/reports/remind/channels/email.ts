import nodemailer from 'nodemailer';
import { failure } from '../../../core/i18n/failure.js';
import type { RemindEmailSettings } from '../../../repo/schema/types.generated.js';
import type { ComposedReminder } from '../compose.js';
import { DeliveryError, isLoopback, type Channel, type Delivered } from './channel.js';

/** SMTP reply codes and error codes that mean the server or the login, not the recipient. */
const CHANNEL_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'EAUTH', 'ETLS', 'ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNRESET', 'EPROTOCOL']);

/** Reads a credential from the environment variable the config names; never its value in a message. */
function credential(env: Readonly<Record<string, string | undefined>>, name: string | undefined, what: string): string | undefined {
  if (name === undefined) return undefined;
  const value = env[name];
  if (!value) throw failure('remind.email-unset', { what, env: name });
  return value;
}

/**
 * Email over SMTP with nodemailer: one plain-text message per person, to their roster email.
 * TLS from the start with `secure`, else STARTTLS, required unless the server is on this machine
 * (or `requireTls: false`); credentials from the environment; every wait bounded by `timeoutMs`.
 */
export function emailChannel(settings: RemindEmailSettings, env: Readonly<Record<string, string | undefined>>, timeoutMs: number): Channel {
  const user = credential(env, settings.userEnv, 'user');
  const pass = credential(env, settings.passwordEnv, 'password');
  const port = settings.port ?? (settings.secure ? 465 : 587);
  const where = `${settings.host}:${port}`;
  const transport = nodemailer.createTransport({
    host: settings.host, port, secure: settings.secure ?? false,
    requireTLS: settings.requireTls ?? !isLoopback(settings.host),
    ...(user !== undefined || pass !== undefined ? { auth: { user: user ?? '', pass: pass ?? '' } } : {}),
    connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs, dnsTimeout: timeoutMs,
  });
  return {
    id: 'email',
    unreachable: (r) => (r.owed.person.email ? undefined : `${r.owed.person.id} has no email in the roster`),
    async send(r: ComposedReminder): Promise<Delivered> {
      const to = r.owed.person.email;
      try {
        const info = await transport.sendMail({
          from: settings.from, to: { name: r.owed.person.name, address: to }, subject: r.subject, text: r.text,
          ...(settings.replyTo ? { replyTo: settings.replyTo } : {}),
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
        if (info.rejected.length) throw new DeliveryError(`the SMTP server refused ${to}`, 'message');
        return { to, messageId: info.messageId };
      } catch (error) {
        if (error instanceof DeliveryError) throw error;
        const e = error as Error & { code?: string; responseCode?: number; response?: string; command?: string };
        const said = e.response ? ` (${e.response.split('\n')[0]!.slice(0, 200)})` : '';
        if (e.code === 'EENVELOPE' || (e.command === 'RCPT TO' && e.responseCode)) throw new DeliveryError(`the SMTP server at ${where} refused ${to}${said}`, 'message', { cause: error });
        if (e.code === 'EAUTH') throw new DeliveryError(`the SMTP server at ${where} refused the credentials${said}`, 'channel', { cause: error });
        if (e.code === 'ETIMEDOUT' || /timeout/i.test(e.message)) throw new DeliveryError(`the SMTP server at ${where} did not answer within ${timeoutMs / 1000} s`, 'channel', { cause: error });
        if (e.code && CHANNEL_CODES.has(e.code)) {
          const detail = (e as { cause?: { code?: string } }).cause?.code ?? e.message;
          throw new DeliveryError(`cannot send through the SMTP server at ${where}: ${detail}`, 'channel', { cause: error });
        }
        throw new DeliveryError(`the SMTP server at ${where} did not take the message for ${to}: ${e.message}${said}`, e.responseCode && e.responseCode >= 500 ? 'message' : 'channel', { cause: error });
      }
    },
    async close() {
      transport.close();
    },
  };
}
