/* eslint-disable */
// Generated from schemas/*.schema.json by `npm run gen:types`. Do not edit by hand.

// acknowledgement.schema.json
/**
 * One line of records/acknowledgements.jsonl: a person read and accepted one version of a policy. Lines are chained by `prev` (see docs/ledger.md).
 */
export interface AcknowledgementRecord {
  /**
   * The record's number: its line in the file, from 1.
   */
  seq: number;
  /**
   * SHA-256 of the previous line's bytes (without its newline); for the first line, of the empty string.
   */
  prev: string;
  /**
   * The policy's id.
   */
  policy: string;
  /**
   * The version the person acknowledged; it counts for every later version with the same MAJOR number.
   */
  version: string;
  /**
   * The content hash (docs/content-hash.md) of the text of that version the person was shown.
   */
  contentHash: string;
  /**
   * The person who acknowledged, an id from people.yaml.
   */
  person: string;
  /**
   * When the person acknowledged.
   */
  at: string;
  /**
   * How it was given: the portal's button, `precept ack`, or `precept acks import` from another system's export.
   */
  source: 'portal' | 'cli' | 'import';
  /**
   * For the portal: the identity the single-sign-on proxy vouched for (its header's value), or dev:<person> for a local trial.
   */
  identity?: string;
  /**
   * When the record was written, for records of an earlier acknowledgement (imports, precept ack --at).
   */
  recorded?: string;
  import?: AcknowledgementImportOrigin;
  /**
   * Free text from whoever recorded it.
   */
  note?: string;
}
/**
 * For imports: the row of the file the record came from.
 */
export interface AcknowledgementImportOrigin {
  /**
   * The imported file's name.
   */
  file: string;
  /**
   * The row's line number in the file.
   */
  line: number;
  /**
   * The SHA-256 of the whole imported file.
   */
  sha256: string;
}

// approval.schema.json
/**
 * One line of records/approvals.jsonl: a person's decision on one exact text of a policy. Lines are chained by `prev` (see docs/ledger.md).
 */
export interface ApprovalRecord {
  /**
   * The record's number: its line in the file, from 1.
   */
  seq: number;
  /**
   * SHA-256 of the previous line's bytes (without its newline); for the first line, of the empty string.
   */
  prev: string;
  /**
   * The policy's id.
   */
  policy: string;
  /**
   * The policy's version when it was approved.
   */
  version: string;
  /**
   * The policy's content hash (docs/content-hash.md): the approval counts for this exact text only.
   */
  contentHash: string;
  /**
   * The person who decided, an id from people.yaml.
   */
  approver: string;
  decision: 'approved' | 'rejected';
  /**
   * When the person decided (for GitHub reviews, when the review was submitted; for imports, when they decided in the system used then).
   */
  at: string;
  /**
   * where the decision came from: cli (precept approve), import (a decision made before precept, recorded later with its evidence), or a pull request such as github:acme/policies#42
   */
  source: string;
  /**
   * The git commit whose text of the policy was approved, when known.
   */
  commit?: string;
  /**
   * The GitHub review id, for decisions imported from a pull request.
   */
  review?: number;
  /**
   * For imported decisions: where the decision is documented (minutes, a ticket, a signed document), so an auditor can trace it.
   */
  evidence?: string;
  /**
   * For imported decisions: when the record was written.
   */
  recorded?: string;
  import?: ApprovalImportOrigin;
  /**
   * Free text from the approver.
   */
  note?: string;
  /**
   * The GitHub login whose review this is, for decisions imported from a pull request.
   */
  reviewer?: string;
  /**
   * The approver's SSH signature (ssh-keygen -Y sign -n precept-approval) over the record's other fields in canonical form, without seq and prev (docs/approvals.md).
   */
  signature?: string;
}
/**
 * For decisions imported from a CSV file: the row the record came from.
 */
export interface ApprovalImportOrigin {
  /**
   * The imported file's name.
   */
  file: string;
  /**
   * The row's line number in the file.
   */
  line: number;
  /**
   * The SHA-256 of the whole imported file.
   */
  sha256: string;
}

// config.schema.json
/**
 * precept.config.yaml: organisation, frameworks in scope, paths and output settings. Every key is optional.
 */
export interface Config {
  organization?: {
    name?: string;
    /**
     * lowercase kebab-case: letters, digits and single dashes
     */
    slug?: string;
  };
  /**
   * The language precept writes the portal, PDFs, pack and reports in: a catalogue under precept's messages/ (en, ja). Default en.
   */
  locale?: string;
  /**
   * lowercase kebab-case: letters, digits and single dashes
   */
  defaultFramework?: string;
  /**
   * The organisation's IANA time zone (Asia/Tokyo, Europe/Berlin; default UTC): the day "today" is for every command, from the HEAD commit's time or the clock.
   */
  timezone?: string;
  frameworks?: {
    [k: string]: FrameworkScope | undefined;
  };
  paths?: {
    policies?: string;
    controls?: string;
    people?: string;
    frameworks?: string;
    records?: string;
    site?: string;
  };
  review?: {
    dueSoonDays?: number;
  };
  acknowledgement?: {
    graceDays?: number;
    import?: AcknowledgementImportSettings;
  };
  site?: {
    title?: string;
    baseUrl?: string;
    /**
     * Images from other sites in policy bodies: block (the default: not shown, and check warns at each) or allow (shown, and the portal's Content-Security-Policy admits them). PDFs never fetch them.
     */
    remoteImages?: 'block' | 'allow';
  };
  pdf?: {
    paper?: 'A4' | 'Letter';
  };
  signing?: {
    passphraseEnv?: string;
  };
  server?: {
    /**
     * the request header the single-sign-on proxy puts the signed-in person's email (or person id) in; default X-Forwarded-Email
     */
    identityHeader?: string;
    /**
     * the request header carrying the proxy's shared secret; default X-Precept-Proxy-Secret
     */
    secretHeader?: string;
    /**
     * the environment variable holding that secret (never in git); default PRECEPT_PROXY_SECRET
     */
    secretEnv?: string;
    sync?: ServerSyncSettings;
    /**
     * host names the portal is reached by (the Host header the sign-on proxy passes on), besides site.baseUrl's host, loopback names and IP addresses; requests naming any other host are refused, so a DNS-rebinding page cannot read the portal
     */
    hosts?: string[];
  };
  approvals?: {
    /**
     * what check says of a precept approve record without an SSH signature (--sign-with) that counts for a policy's current text: allow (default), warning or error
     */
    unsigned?: 'allow' | 'warning' | 'error';
  };
  remind?: RemindSettings;
  browser?: {
    /**
     * path to a Chrome or Chromium binary
     */
    executable?: string;
  };
}
export interface FrameworkScope {
  /**
   * Items: lowercase kebab-case: letters, digits and single dashes
   */
  scope?: string[];
}
/**
 * How `precept acks import` reads another system's CSV export.
 */
export interface AcknowledgementImportSettings {
  columns?: AcknowledgementImportColumns;
  /**
   * the field separator (default: guessed from the header row)
   */
  delimiter?: ',' | ';' | '\t';
}
/**
 * The header of the column holding each field (matched without regard to case); unset fields are looked for under their usual names.
 */
export interface AcknowledgementImportColumns {
  /**
   * an email address or a person id
   */
  person?: string;
  /**
   * a policy id or title
   */
  policy?: string;
  /**
   * the version acknowledged
   */
  version?: string;
  /**
   * when: an ISO 8601 date-time, or a date
   */
  at?: string;
}
/**
 * precept serve --sync: how the server commits the records it appends and pushes them to the policy repo (docs/operations.md)
 */
export interface ServerSyncSettings {
  /**
   * the git remote of the server's clone to push to; default origin
   */
  remote?: string;
  /**
   * the branch to push to, which the server's clone has checked out; default the branch checked out
   */
  branch?: string;
  /**
   * seconds between syncs; default 60
   */
  interval?: number;
  /**
   * pushes tried in one sync (fetching and re-chaining after each rejection) before waiting for the next; default 5
   */
  attempts?: number;
  author?: ServerSyncAuthor;
}
/**
 * author and committer of the server's commits; default precept serve <precept-serve@localhost>
 */
export interface ServerSyncAuthor {
  name: string;
  email: string;
}
/**
 * How `precept remind` tells people what they owe.
 */
export interface RemindSettings {
  /**
   * where reminders go: email (one message per person over SMTP), webhook (one message per person to a Slack or other incoming webhook); default: those configured below
   *
   * @minItems 1
   */
  channels?: ['email' | 'webhook', ...('email' | 'webhook')[]];
  /**
   * remind of what falls due within this many days (default 7); overdue items always
   */
  dueSoonDays?: number;
  /**
   * how long to wait for the SMTP server or the webhook (default 10)
   */
  timeoutSeconds?: number;
  email?: RemindEmailSettings;
  webhook?: RemindWebhookSettings;
}
export interface RemindEmailSettings {
  host: string;
  /**
   * default 587, or 465 with secure
   */
  port?: number;
  /**
   * TLS from the start (port 465); otherwise STARTTLS when the server offers it
   */
  secure?: boolean;
  /**
   * refuse to send unless the connection is encrypted (STARTTLS required); default true unless the host is a loopback address
   */
  requireTls?: boolean;
  /**
   * the sender, e.g. "Policies <policies@acme.example>"
   */
  from: string;
  replyTo?: string;
  /**
   * the environment variable holding the SMTP user name
   */
  userEnv?: string;
  /**
   * the environment variable holding the SMTP password (never in git)
   */
  passwordEnv?: string;
}
export interface RemindWebhookSettings {
  /**
   * the environment variable holding the incoming webhook's URL (it is a secret)
   */
  urlEnv: string;
  /**
   * slack (default): {"text": ...} with Slack's markup; json: {"person", "email", "subject", "text", "items"}
   */
  format?: 'slack' | 'json';
}

// control.schema.json
/**
 * One file under controls/: a list of the organisation's controls.
 */
export type ControlFile = Control[];

export interface Control {
  /**
   * a control id such as AC-01
   */
  id: string;
  title: string;
  description?: string;
  /**
   * a person id from people.yaml
   */
  owner: string;
  /**
   * a list of criterion ids (of the default framework), or a map from framework id to lists of criterion ids
   */
  criteria?:
    | string[]
    | {
        /**
         * Items: a criterion id such as CC6.1 or A.5.15
         */
        [k: string]: string[] | undefined;
      };
  evidence?: Evidence[];
}
export interface Evidence {
  what: string;
  frequency: 'continuous' | 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'semiannual' | 'annual' | 'per-event';
  /**
   * a cron expression, kept from imports
   */
  schedule?: string;
}

// distribution.schema.json
/**
 * One line of records/distributions.jsonl: a copy of an auditor pack made for one recipient, which file it is, who made it and when. Lines are chained by `prev` (see docs/ledger.md).
 */
export interface DistributionRecord {
  /**
   * The record's number: its line in the file, from 1.
   */
  seq: number;
  /**
   * SHA-256 of the previous line's bytes (without its newline); for the first line, of the empty string.
   */
  prev: string;
  /**
   * The copy's id, printed on every page of it and in its manifest: two groups of four Crockford base-32 characters.
   */
  copy: string;
  /**
   * Who the copy is for, as printed on its pages: a person and their organisation.
   */
  recipient: string;
  /**
   * The agreement the copy is given under, such as an NDA number.
   */
  reference?: string;
  /**
   * Who made the copy (the pack's preparer).
   */
  by: string;
  /**
   * When the copy was recorded.
   */
  at: string;
  /**
   * The copy's file name.
   */
  file: string;
  /**
   * SHA-256 of the copy's bytes: the file the recipient received.
   */
  sha256: string;
  pages: number;
  /**
   * The audit period of the pack.
   */
  period: {
    /**
     * a calendar date YYYY-MM-DD
     */
    from: string;
    /**
     * a calendar date YYYY-MM-DD
     */
    to: string;
  };
  /**
   * The commit the pack was made of.
   */
  commit?: string;
  /**
   * Whether the copy carries a signature.
   */
  signed: boolean;
  /**
   * The signing certificate's SHA-256 fingerprint.
   */
  signer?: string;
}

// framework.schema.json
/**
 * A control catalogue: built in (catalogues/) or the organisation's own (frameworks/*.yaml).
 */
export interface Framework {
  /**
   * lowercase kebab-case: letters, digits and single dashes
   */
  id: string;
  name: string;
  /**
   * a short name for messages, e.g. SOC 2
   */
  short?: string;
  edition?: string;
  groups?: FrameworkGroup[];
  families?: FrameworkFamily[];
  /**
   * @minItems 1
   */
  items: [FrameworkItem, ...FrameworkItem[]];
}
export interface FrameworkGroup {
  /**
   * lowercase kebab-case: letters, digits and single dashes
   */
  id: string;
  name: string;
  alwaysInScope?: boolean;
}
export interface FrameworkFamily {
  id: string;
  name: string;
  /**
   * lowercase kebab-case: letters, digits and single dashes
   */
  group?: string;
}
export interface FrameworkItem {
  /**
   * a criterion id such as CC6.1 or A.5.15
   */
  id: string;
  title: string;
  /**
   * lowercase kebab-case: letters, digits and single dashes
   */
  group?: string;
  family?: string;
  summary?: string;
  focus?: string[];
}

// people.schema.json
/**
 * people.yaml: the groups and the people who own, approve and acknowledge policies.
 */
export interface Roster {
  groups?: Group[];
  people: Person[];
}
export interface Group {
  /**
   * lowercase kebab-case: letters, digits and single dashes
   */
  id: string;
  name: string;
  description?: string;
  /**
   * every current person is a member
   */
  everyone?: boolean;
}
export interface Person {
  /**
   * a person id from people.yaml
   */
  id: string;
  name: string;
  email: string;
  github?: string;
  /**
   * SSH public keys whose signatures on approvals count as this person's, one per line as in a .pub file: ssh-ed25519 AAAA... comment
   */
  sshKeys?: string[];
  roles?: string[];
  /**
   * Items: lowercase kebab-case: letters, digits and single dashes
   */
  groups?: string[];
  /**
   * a calendar date YYYY-MM-DD
   */
  start?: string;
  /**
   * a calendar date YYYY-MM-DD
   */
  end?: string;
}

// policy.schema.json
/**
 * The YAML frontmatter of one policy file (policies/** /*.md).
 */
export interface PolicyFrontmatter {
  /**
   * Unique policy id; defaults to the file name's stem.
   */
  id?: string;
  title: string;
  /**
   * One sentence shown in the register and search results.
   */
  summary?: string;
  /**
   * Other names, e.g. an acronym kept from an import.
   */
  aliases?: string[];
  /**
   * a semantic version MAJOR.MINOR.PATCH such as 1.3.0
   */
  version: string;
  status: 'draft' | 'in-review' | 'approved' | 'retired';
  /**
   * a person id from people.yaml
   */
  owner: string;
  /**
   * Items: a person id from people.yaml
   */
  approvers?: string[];
  /**
   * a calendar date YYYY-MM-DD
   */
  effective?: string;
  review: {
    /**
     * annual, semiannual, quarterly, monthly or an ISO 8601 duration such as P6M
     */
    cycle: string;
    /**
     * a calendar date YYYY-MM-DD
     */
    last?: string;
  };
  /**
   * a list of criterion ids (of the default framework), or a map from framework id to lists of criterion ids
   */
  criteria?:
    | string[]
    | {
        /**
         * Items: a criterion id such as CC6.1 or A.5.15
         */
        [k: string]: string[] | undefined;
      };
  /**
   * Items: a control id such as AC-01
   */
  controls?: string[];
  /**
   * Items: lowercase kebab-case: letters, digits and single dashes
   */
  audience?: string[];
  classification: 'public' | 'internal' | 'confidential' | 'restricted';
  /**
   * Items: lowercase kebab-case: letters, digits and single dashes
   */
  related?: string[];
  /**
   * The language the policy is written in (BCP 47, e.g. ja, en); default: the config's locale.
   */
  lang?: string;
  /**
   * lowercase kebab-case: letters, digits and single dashes
   */
  translationOf?: string;
  /**
   * Your own keys, kept as written and never read by precept: what another tool's frontmatter held (Hugo's weight, Docusaurus's sidebar_position), or fields of your own. Outside the content hash, so changing them voids no approval.
   */
  x?: {};
}

// reminder.schema.json
/**
 * One line of records/reminders.jsonl: a reminder `precept remind` delivered to one person over one channel, written after the channel accepted it. Lines are chained by `prev` (see docs/ledger.md).
 */
export interface ReminderRecord {
  /**
   * The record's number: its line in the file, from 1.
   */
  seq: number;
  /**
   * SHA-256 of the previous line's bytes (without its newline); for the first line, of the empty string.
   */
  prev: string;
  /**
   * Who was reminded, an id from people.yaml.
   */
  person: string;
  /**
   * How: email over SMTP, or a message to the configured incoming webhook.
   */
  channel: 'email' | 'webhook';
  /**
   * The day the reminder is for: one per person, channel and day.
   */
  day: string;
  /**
   * When the channel accepted the message.
   */
  at: string;
  /**
   * email: the address it was sent to.
   */
  to?: string;
  /**
   * email: the Message-ID, to find the message in the mail server's logs.
   */
  messageId?: string;
  /**
   * What the reminder asked for.
   *
   * @minItems 1
   */
  items: [ReminderItem, ...ReminderItem[]];
}
export interface ReminderItem {
  kind: 'acknowledgement' | 'review' | 'approval';
  /**
   * lowercase kebab-case: letters, digits and single dashes
   */
  policy: string;
  /**
   * a semantic version MAJOR.MINOR.PATCH such as 1.3.0
   */
  version: string;
  /**
   * acknowledgements and reviews: overdue or due-soon; approvals: missing, or stale (they decided on an earlier text)
   */
  state: 'overdue' | 'due-soon' | 'missing' | 'stale';
  /**
   * a calendar date YYYY-MM-DD
   */
  due?: string;
}
