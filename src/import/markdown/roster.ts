import { validateAgainst } from '../../repo/schema/validator.js';
import type { Person } from '../../repo/schema/types.generated.js';
import type { GitAuthor } from './git-history.js';

const PERSON_ID = /^[a-z0-9]+([._-][a-z0-9]+)*$/;
/** GitHub's private commit email: 12345+handle@users.noreply.github.com names the handle. */
const NOREPLY = /^(?:\d+\+)?([A-Za-z0-9](?:-?[A-Za-z0-9]){0,38})@users\.noreply\.github\.com$/i;

/** "Jane Doe <jane@acme.example>", as --owner takes a person who is not in the history. */
export function parseAuthor(text: string): GitAuthor | undefined {
  const m = /^\s*(.+?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(text);
  return m ? { name: m[1]!, email: m[2]! } : undefined;
}

/** The people of an imported repo, made from git authors (and --owner), one per email. */
export class ImportedRoster {
  private readonly byEmail = new Map<string, Person>();
  private readonly ids = new Set<string>();

  /** The person an author is, added on first sight; undefined when git's record of them is not a usable roster entry (no valid email, a bot). */
  person(author: GitAuthor): Person | undefined {
    const email = author.email.trim();
    const key = email.toLowerCase();
    const known = this.byEmail.get(key);
    if (known) return known;
    if (/\[bot\]$/i.test(author.name) || !author.name.trim()) return undefined;
    const handle = NOREPLY.exec(email)?.[1];
    const local = (handle ?? email.split('@')[0] ?? '').toLowerCase().normalize('NFKD').replace(/[^a-z0-9._-]+/g, '-')
      .replace(/[._-]{2,}/g, '-').replace(/^[._-]+|[._-]+$/g, '');
    let id = PERSON_ID.test(local) ? local : author.name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    if (!PERSON_ID.test(id)) return undefined;
    const base = id;
    for (let n = 2; this.ids.has(id); n++) id = `${base}-${n}`;
    const person: Person = { id, name: author.name.trim(), email, ...(handle ? { github: handle } : {}) };
    if (validateAgainst('people', { people: [person] }).length) return undefined;
    this.byEmail.set(key, person);
    this.ids.add(id);
    return person;
  }

  /** Whether an author named in front matter ("Jane Doe", "jane@acme.example") is this person. */
  static names(person: Person, name: string): boolean {
    const n = name.trim().toLowerCase();
    return n === person.name.toLowerCase() || n === person.email.toLowerCase() || n === person.id;
  }
}
