import type { ComposedReminder } from '../compose.js';

/** Where reminders go. */
export type ChannelId = 'email' | 'webhook';

/** What a channel says about a delivered message, for the ledger. */
export interface Delivered {
  to?: string;
  messageId?: string;
}

/**
 * Why a message was not delivered. `channel`: the channel itself is unusable (cannot connect,
 * timed out, credentials refused), so the remaining people are not tried on it; `message`:
 * only this message failed (an address the server refuses, a webhook that is busy).
 */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(message: string, readonly scope: 'channel' | 'message', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A way of reaching people. `send` throws DeliveryError; `close` releases connections. */
export interface Channel {
  id: ChannelId;
  /** Whether this person can be reached on it at all (an email address), and if not, why. */
  unreachable(reminder: ComposedReminder): string | undefined;
  send(reminder: ComposedReminder): Promise<Delivered>;
  close(): Promise<void>;
}

/** Whether a host name is this machine (plain-text SMTP and http webhooks are allowed only there). */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}
