import { existsSync } from 'node:fs';
import path from 'node:path';
import { isTimeZone } from '../../core/dates/calendar.js';
import { didYouMean } from '../../core/suggest/did-you-mean.js';
import { diagnosticAt } from '../../core/diagnostics/diagnostic.js';
import { availableLocales } from '../../core/i18n/locales.js';
import { sayIn } from '../../core/i18n/messages.js';
import type { PhraseValues } from '../../core/i18n/phrase.js';
import { PreceptError } from '../../core/errors.js';
import { failure } from '../../core/i18n/failure.js';
import { readSourceFile } from '../load/source-file.js';
import { parseYamlSource, type YamlSource } from '../load/yaml-source.js';
import { schemaDiagnostics } from '../schema/diagnostics.js';
import type { AcknowledgementImportSettings, Config, RemindEmailSettings, RemindWebhookSettings } from '../schema/types.generated.js';
import { validateAgainst } from '../schema/validator.js';

/** The config file names looked for at the repo root, in order. */
export const CONFIG_FILES = ['precept.config.yaml', 'precept.config.yml'] as const;

/** `precept serve --sync`: where and how often the server pushes its records, and as whom. */
export interface SyncSettings {
  remote: string;
  /** undefined: the branch the clone has checked out. */
  branch: string | undefined;
  intervalMs: number;
  attempts: number;
  author: { name: string; email: string };
}

/** Folders and files of a repo, relative to its root (POSIX). */
export interface RepoPaths {
  policies: string;
  controls: string;
  people: string;
  frameworks: string;
  records: string;
  site: string;
}

/** precept.config.yaml with every default filled in. */
export interface ResolvedConfig {
  /** The config file, relative to the root, or undefined when the repo has none. */
  file: string | undefined;
  source: YamlSource | undefined;
  organization: { name: string; slug: string };
  /** The language of everything precept writes for people (a catalogue under messages/). */
  locale: string;
  defaultFramework: string;
  /** The IANA time zone whose calendar day "today" is (default UTC). */
  timezone: string;
  /** Frameworks in scope and, per framework, the groups (SOC 2 categories, ISO themes) in scope; undefined = all. */
  frameworks: Map<string, { scope: string[] | undefined }>;
  paths: RepoPaths;
  review: { dueSoonDays: number };
  /** graceDays: days a person has to acknowledge; import: how `acks import` reads CSV exports. */
  acknowledgement: { graceDays: number; import: AcknowledgementImportSettings };
  site: { title: string | undefined; baseUrl: string | undefined; remoteImages: 'block' | 'allow' };
  pdf: { paper: 'A4' | 'Letter' };
  signing: { passphraseEnv: string };
  server: { identityHeader: string; secretHeader: string; secretEnv: string; sync: SyncSettings; hosts: string[] };
  browser: { executable: string | undefined };
  /** unsigned: what check says of an unsigned `precept approve` record that counts for a current text. */
  approvals: { unsigned: 'allow' | 'warning' | 'error' };
  /** `precept remind`: channels (those configured when unset), window, timeout, and each channel's settings. */
  remind: {
    channels: ('email' | 'webhook')[];
    dueSoonDays: number;
    timeoutSeconds: number;
    email: RemindEmailSettings | undefined;
    webhook: RemindWebhookSettings | undefined;
  };
  /** The file's data as written, for stages with settings of their own. */
  raw: Config;
}

const DEFAULT_PATHS: RepoPaths = {
  policies: 'policies',
  controls: 'controls',
  people: 'people.yaml',
  frameworks: 'frameworks',
  records: 'records',
  site: 'site',
};

/** Lowercase kebab-case form of a name, for file names. */
export function slugify(name: string): string {
  return name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'org';
}

/**
 * The language to say what is wrong with the config in: its `locale:` when it names one precept
 * has, else English (a config too broken to read cannot say).
 */
function configLocale(data: unknown): string {
  const locale = (data as { locale?: unknown } | null | undefined)?.locale;
  return typeof locale === 'string' && availableLocales().includes(locale) ? locale : 'en';
}

/**
 * Loads and validates the repo's config. A broken config is a run failure (exit 2): every other
 * result would be built on guesses.
 */
export async function loadConfig(root: string): Promise<ResolvedConfig> {
  const name = CONFIG_FILES.find((n) => existsSync(path.join(root, n)));
  let raw: Config = {};
  let source: YamlSource | undefined;
  // Only asked when something is wrong: a valid config costs no catalogue.
  const say = (key: string, values?: PhraseValues) => sayIn(configLocale(source?.data), `config.${key}`, values);
  const near = (value: string, candidates: Iterable<string>) => {
    const hit = didYouMean(value, candidates);
    return hit === undefined ? '' : sayIn(configLocale(source?.data), 'check.did-you-mean', { near: hit });
  };
  if (name) {
    const read = await readSourceFile(root, path.join(root, name));
    if (!read.ok) throw failure('config.cannot-read', { file: name }, { diagnostics: [read.diagnostic] });
    const parsed = parseYamlSource(name, read.source.text, 0, undefined, { fast: true });
    if (!parsed.ok) throw failure('config.not-yaml', { file: name }, { diagnostics: parsed.diagnostics });
    source = parsed.source;
    const data = source.data ?? {};
    const errors = validateAgainst('config', data);
    if (errors.length) {
      const locale = configLocale(data);
      throw new PreceptError(sayIn(locale, 'config.has-errors', { file: name }), { diagnostics: schemaDiagnostics(errors, source, 'config', locale), locale });
    }
    raw = data as Config;
  }
  const paths = { ...DEFAULT_PATHS, ...(raw.paths ?? {}) };
  for (const [key, value] of Object.entries(paths)) {
    const normal = path.posix.normalize(value.split(path.sep).join('/'));
    if (path.isAbsolute(value) || normal === '..' || normal.startsWith('../')) {
      const at = source?.locate(['paths', key]) ?? { line: 1, column: 1 };
      throw new PreceptError(say('path-outside-headline', { file: name ?? CONFIG_FILES[0], key }), {
        locale: configLocale(source?.data),
        diagnostics: [diagnosticAt(name ?? CONFIG_FILES[0], at, 'config', 'error', say('path-outside', { key, value }))],
      });
    }
    paths[key as keyof RepoPaths] = normal;
  }
  const timezone = raw.timezone ?? 'UTC';
  if (!isTimeZone(timezone)) {
    const at = source?.locate(['timezone']) ?? { line: 1, column: 1 };
    throw new PreceptError(say('timezone-headline', { file: name ?? CONFIG_FILES[0], timezone }), {
      locale: configLocale(source?.data),
      diagnostics: [diagnosticAt(name ?? CONFIG_FILES[0], at, 'config', 'error',
        say('timezone', { timezone, suggest: near(timezone, Intl.supportedValuesOf('timeZone')) }), say('timezone-hint'))],
    });
  }
  const locale = raw.locale ?? 'en';
  if (!availableLocales().includes(locale)) {
    const at = source?.locate(['locale']) ?? { line: 1, column: 1 };
    throw failure('config.locale', { file: name, locale }, {
      diagnostics: [diagnosticAt(name ?? CONFIG_FILES[0], at, 'config', 'error', say('locale', { locale, available: availableLocales().join(', ') }))],
    });
  }
  for (const [index, channel] of (raw.remind?.channels ?? []).entries()) {
    if (raw.remind?.[channel]) continue;
    throw new PreceptError(say('remind-channel-headline', { file: name ?? CONFIG_FILES[0], channel }), {
      locale: configLocale(source?.data),
      diagnostics: [diagnosticAt(name ?? CONFIG_FILES[0], source?.locate(['remind', 'channels', index]) ?? { line: 1, column: 1 }, 'config', 'error',
        say('remind-channel', { channel }))],
    });
  }
  const orgName = raw.organization?.name ?? path.basename(path.resolve(root));
  const frameworks = new Map<string, { scope: string[] | undefined }>();
  for (const [id, settings] of Object.entries(raw.frameworks ?? { soc2: {} })) {
    frameworks.set(id, { scope: settings?.scope });
  }
  return {
    file: name,
    source,
    organization: { name: orgName, slug: raw.organization?.slug ?? slugify(orgName) },
    locale,
    defaultFramework: raw.defaultFramework ?? 'soc2',
    timezone,
    frameworks,
    paths,
    review: { dueSoonDays: raw.review?.dueSoonDays ?? 30 },
    acknowledgement: { graceDays: raw.acknowledgement?.graceDays ?? 30, import: raw.acknowledgement?.import ?? {} },
    site: { title: raw.site?.title, baseUrl: raw.site?.baseUrl, remoteImages: raw.site?.remoteImages ?? 'block' },
    pdf: { paper: raw.pdf?.paper ?? 'A4' },
    signing: { passphraseEnv: raw.signing?.passphraseEnv ?? 'PRECEPT_SIGN_PASSPHRASE' },
    server: {
      identityHeader: raw.server?.identityHeader ?? 'X-Forwarded-Email',
      secretHeader: raw.server?.secretHeader ?? 'X-Precept-Proxy-Secret',
      secretEnv: raw.server?.secretEnv ?? 'PRECEPT_PROXY_SECRET',
      sync: {
        remote: raw.server?.sync?.remote ?? 'origin',
        branch: raw.server?.sync?.branch,
        intervalMs: Math.round((raw.server?.sync?.interval ?? 60) * 1000),
        attempts: raw.server?.sync?.attempts ?? 5,
        author: raw.server?.sync?.author ?? { name: 'precept serve', email: 'precept-serve@localhost' },
      },
      hosts: raw.server?.hosts ?? [],
    },
    browser: { executable: raw.browser?.executable },
    approvals: { unsigned: raw.approvals?.unsigned ?? 'allow' },
    remind: {
      channels: raw.remind?.channels ?? [...(raw.remind?.email ? ['email' as const] : []), ...(raw.remind?.webhook ? ['webhook' as const] : [])],
      dueSoonDays: raw.remind?.dueSoonDays ?? 7,
      timeoutSeconds: raw.remind?.timeoutSeconds ?? 10,
      email: raw.remind?.email,
      webhook: raw.remind?.webhook,
    },
    raw,
  };
}
