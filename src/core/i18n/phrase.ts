import { didYouMean } from '../suggest/did-you-mean.js';

/**
 * A sentence to be written for a person later, in whatever language they read: a catalogue key
 * and its arguments. Code that finds things (a signature check, a pack verification) returns
 * phrases; the command that prints them formats them with the reader's catalogue. An argument may
 * itself be a phrase ("{subject} is not valid DER", the subject being "the timestamp token").
 */
export interface Phrase {
  key: string;
  values?: PhraseValues;
}

/** A phrase's arguments: plain values, or phrases formatted first. */
export type PhraseValues = Record<string, string | number | Date | Phrase | undefined>;

/** A phrase from its key and arguments. */
export function phrase(key: string, values?: PhraseValues): Phrase {
  return values === undefined ? { key } : { key, values };
}

/** Whether a value is a phrase (an object with a string key), as opposed to a plain argument. */
export function isPhrase(value: unknown): value is Phrase {
  return typeof value === 'object' && value !== null && !(value instanceof Date) && typeof (value as Phrase).key === 'string';
}

/** " - did you mean X?" in the reader's language, or nothing when no candidate is close: a phrase argument. */
export function nearest(value: string, candidates: Iterable<string>): Phrase | '' {
  const near = didYouMean(value, candidates);
  return near === undefined ? '' : phrase('check.did-you-mean', { near });
}
