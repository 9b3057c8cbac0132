import { failure } from '../../../core/i18n/failure.js';
import type { RemindWebhookSettings } from '../../../repo/schema/types.generated.js';
import type { ComposedReminder } from '../compose.js';
import { DeliveryError, isLoopback, type Channel, type Delivered } from './channel.js';

/**
 * A chat incoming webhook (Slack, or anything that takes a JSON POST): one message per person.
 * The URL is a secret (whoever has it can post), so it comes from the environment and messages
 * name only its host.
 */
export function webhookChannel(settings: RemindWebhookSettings, env: Readonly<Record<string, string | undefined>>, timeoutMs: number): Channel {
  const raw = env[settings.urlEnv];
  if (!raw) throw failure('remind.webhook-unset', { env: settings.urlEnv });
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw failure('remind.webhook-not-url', { env: settings.urlEnv });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw failure('remind.webhook-https', { env: settings.urlEnv, url: `${url.protocol}//${url.host}` });
  }
  const where = url.host;
  const format = settings.format ?? 'slack';
  return {
    id: 'webhook',
    unreachable: () => undefined,
    async send(r: ComposedReminder): Promise<Delivered> {
      const payload = format === 'slack'
        ? { text: r.chat }
        : { person: r.owed.person.id, name: r.owed.person.name, email: r.owed.person.email, subject: r.subject, text: r.text, items: r.items };
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'precept' },
          body: JSON.stringify(payload), signal: AbortSignal.timeout(timeoutMs), redirect: 'error',
        });
      } catch (error) {
        const e = error as Error & { cause?: { code?: string } };
        const why = e.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : e.cause?.code ?? e.message;
        throw new DeliveryError(`cannot post to the webhook at ${where}: ${why}`, 'channel', { cause: error });
      }
      const body = (await response.text().catch(() => '')).slice(0, 200).replace(/\s+/g, ' ').trim();
      if (response.ok) return {};
      const said = body ? ` (${body})` : '';
      // A missing or revoked hook (404, 403, 410) or a refused token (401) fails for everyone.
      const scope = [401, 403, 404, 410].includes(response.status) ? 'channel' : 'message';
      throw new DeliveryError(`the webhook at ${where} answered ${response.status}${said}`, scope);
    },
    async close() {},
  };
}
