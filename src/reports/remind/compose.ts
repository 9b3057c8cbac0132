import type { Messages } from '../../core/i18n/messages.js';
import type { ReminderItem } from '../../repo/schema/types.generated.js';
import { urls } from '../../render/site/urls.js';
import type { OwedItem, PersonOwed } from './owed.js';

/** One person's reminder, written for each channel. */
export interface ComposedReminder {
  owed: PersonOwed;
  subject: string;
  /** Plain text, for email. */
  text: string;
  /** Slack's mrkdwn, for a chat webhook. */
  chat: string;
  /** What it asks for, as the ledger records it. */
  items: ReminderItem[];
}

/** Where the portal is, for links (site.baseUrl). */
export interface ComposeContext {
  messages: Messages;
  organization: string;
  baseUrl: string | undefined;
  asOf: string;
}

/** Text for Slack's mrkdwn: its three control characters escaped, so names and titles stay text. */
const slack = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function line(item: OwedItem, m: Messages): string {
  const key = item.kind === 'acknowledgement' ? (item.state === 'overdue' ? 'ackOverdue' : 'ackDueSoon')
    : item.kind === 'review' ? (item.state === 'overdue' ? 'reviewOverdue' : 'reviewDueSoon')
      : item.state === 'stale' ? 'approvalStale' : 'approvalMissing';
  return m.t(`remind.${key}`, { title: item.title, policy: item.policy, version: item.version, due: item.due ? m.date(item.due) : '' });
}

/** The link to a page of the portal, when its address is known. */
function portal(base: string | undefined, page: string): string | undefined {
  if (!base) return undefined;
  return new URL(page.replace(/index\.html$/, ''), base.endsWith('/') ? base : `${base}/`).href;
}

/**
 * A person's reminder: a subject counting what is waiting (and how much is overdue), then one
 * section per kind (acknowledgements, reviews, approvals), each item with its policy, version and
 * date, and what to do about it; the same for a chat message, shorter.
 */
export function composeReminder(owed: PersonOwed, ctx: ComposeContext): ComposedReminder {
  const m = ctx.messages;
  const all = [...owed.acknowledgements, ...owed.reviews, ...owed.approvals];
  const counts = { count: all.length, overdue: all.filter((i) => i.state === 'overdue').length };
  const mine = portal(ctx.baseUrl, 'my/');
  const link = (i: OwedItem) => portal(ctx.baseUrl, urls.policy(i.policy));
  const sections: { title: string; items: OwedItem[]; how: string | undefined }[] = [
    { title: m.t('remind.acknowledgements'), items: owed.acknowledgements, how: mine ? m.t('remind.open', { url: mine }) : undefined },
    { title: m.t('remind.reviews'), items: owed.reviews, how: m.t('remind.reviewHow') },
    { title: m.t('remind.approvals'), items: owed.approvals, how: m.t('remind.approveHow', { person: owed.person.id }) },
  ];
  const text = [m.t('remind.greeting', { name: owed.person.name }), '', m.t('remind.intro', { org: ctx.organization, date: m.date(ctx.asOf) })];
  const chat = [m.t('remind.chat', { name: slack(owed.person.name), ...counts })];
  for (const s of sections.filter((x) => x.items.length)) {
    text.push('', `${s.title}:`);
    chat.push(`${slack(s.title)}:`);
    for (const item of s.items) {
      const url = link(item);
      text.push(`  - ${line(item, m)}${url ? `\n    ${url}` : ''}`);
      chat.push(`• ${url ? `<${url}|${slack(line(item, m))}>` : slack(line(item, m))}`);
    }
    if (s.how) text.push('', s.how);
  }
  text.push('', '--', m.t('remind.footer'));
  return {
    owed,
    subject: m.t('remind.subject', counts),
    text: `${text.join('\n')}\n`,
    chat: chat.join('\n'),
    items: all.map(({ kind, policy, version, state, due }) => ({ kind, policy, version, state, ...(due ? { due } : {}) })),
  };
}
