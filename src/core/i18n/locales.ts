import { readdirSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../package-root.js';

// Apart from messages.ts so that what only asks which locales exist (loading the config, for
// `check`) does not load the message formatter.

/** The folder of message catalogues shipped with precept: `messages/<locale>/<area>.yaml`. */
export function messagesDir(): string {
  return path.join(packageRoot(), 'messages');
}

/** The locales precept has a catalogue for (`en`, `ja`, ...), sorted. */
export function availableLocales(): string[] {
  return readdirSync(messagesDir(), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}
