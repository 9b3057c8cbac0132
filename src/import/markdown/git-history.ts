import path from 'node:path';
import { isIsoDate, type IsoDate } from '../../core/dates/calendar.js';
import { GitRepo } from '../../history/git.js';

/** An author as git names them. */
export interface GitAuthor {
  name: string;
  email: string;
}

/** What git knows about one file of the imported folder. */
export interface FileHistory {
  /** The day of the last commit that changed it, on its author's clock. */
  lastChanged: IsoDate;
  /** The day of the first commit that added it. */
  created: IsoDate;
  /** Its authors with the commits each made to it, most commits first (ties: most recent first). */
  authors: { author: GitAuthor; commits: number }[];
}

const RECORD = '\u001e';
const FIELD = '\u001f';

/**
 * Each Markdown file's dates and authors from the git history of the folder being imported
 * (a folder inside a larger repository works too), by path relative to the folder. Empty when
 * the folder is not in git.
 */
export async function folderHistory(dir: string): Promise<Map<string, FileHistory>> {
  const result = new Map<string, FileHistory>();
  const git = await GitRepo.open(dir);
  if (!git) return result;
  const log = await git.run(['log', '--no-renames', '--name-only', '-z', `--format=${RECORD}%ad${FIELD}%an${FIELD}%ae`, '--date=short', 'HEAD', '--', git.toGitPath('.') || '.']);
  // Newest first: the first commit seen for a file is its last change.
  const counts = new Map<string, Map<string, { author: GitAuthor; commits: number; order: number }>>();
  let order = 0;
  for (const record of log.split(RECORD).slice(1)) {
    const [header = '', ...names] = record.split('\0');
    const [date = '', name = '', email = ''] = header.replace(/\n+$/, '').split(FIELD);
    if (!isIsoDate(date)) continue;
    order++;
    for (const raw of names) {
      const gitPath = raw.replace(/^\n+/, '');
      const rel = gitPath ? git.fromGitPath(gitPath) : undefined;
      if (!rel || !/\.(md|markdown)$/i.test(rel)) continue;
      const file = path.posix.normalize(rel);
      const known = result.get(file);
      if (known) known.created = date;
      else result.set(file, { lastChanged: date, created: date, authors: [] });
      let byAuthor = counts.get(file);
      if (!byAuthor) counts.set(file, (byAuthor = new Map()));
      const key = email.toLowerCase() || name;
      const entry = byAuthor.get(key);
      if (entry) entry.commits++;
      else byAuthor.set(key, { author: { name, email }, commits: 1, order });
    }
  }
  for (const [file, byAuthor] of counts) {
    result.get(file)!.authors = [...byAuthor.values()].sort((a, b) => b.commits - a.commits || a.order - b.order)
      .map(({ author, commits }) => ({ author, commits }));
  }
  return result;
}
