import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** What git knows of an object a revision names. */
export interface ObjectInfo {
  id: string;
  type: string;
  size: number;
}

/** How long an idle `git cat-file --batch-check` is kept for the next question. */
const IDLE_MS = 2000;

/**
 * Answers "which object does this revision name" (`HEAD^{commit}`, `HEAD:records/acks.jsonl`)
 * through one `git cat-file --batch-check` process instead of a `rev-parse` per question: a
 * build asks a dozen, and starting a process from a large Node heap costs tens of milliseconds
 * of the main thread each (precept dev). Git resolves each line afresh, so a commit made while
 * the process runs is seen. The process never keeps Node alive while idle, and ends itself once
 * idle for a while, so nobody has to close it.
 */
export class ObjectInfoReader {
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly waiting: ((line: string | Error) => void)[] = [];
  private buffered = '';
  private idle: NodeJS.Timeout | undefined;

  constructor(
    private readonly cwd: string,
    private readonly env: () => NodeJS.ProcessEnv,
  ) {}

  /** The object `spec` names, or undefined when it names none (missing, ambiguous). */
  async info(spec: string): Promise<ObjectInfo | undefined> {
    // One question per line: a name with a line break (or nothing) cannot be asked.
    if (!spec || /[\n\r\0]/.test(spec)) return undefined;
    const line = await this.ask(spec);
    const m = /^([0-9a-f]{40,64}) (\S+) (\d+)$/.exec(line);
    return m ? { id: m[1]!, type: m[2]!, size: Number(m[3]) } : undefined;
  }

  private ask(spec: string): Promise<string> {
    const child = this.start();
    if (this.idle) clearTimeout(this.idle);
    this.idle = undefined;
    return new Promise<string>((resolve, reject) => {
      this.waiting.push((answer) => (answer instanceof Error ? reject(answer) : resolve(answer)));
      if (this.waiting.length === 1) this.hold(child, true);
      child.stdin.write(`${spec}\n`);
    });
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn('git', ['cat-file', '--batch-check'], { cwd: this.cwd, env: this.env(), stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      this.buffered += chunk;
      for (let nl = this.buffered.indexOf('\n'); nl >= 0; nl = this.buffered.indexOf('\n')) {
        const line = this.buffered.slice(0, nl);
        this.buffered = this.buffered.slice(nl + 1);
        this.waiting.shift()?.(line);
      }
      if (!this.waiting.length) this.rest(child);
    });
    child.stderr.resume();
    const fail = (error: Error) => {
      if (this.child === child) this.child = undefined;
      this.buffered = '';
      for (const answer of this.waiting.splice(0)) answer(error);
    };
    child.on('error', fail);
    child.on('close', (code) => fail(new Error(`git cat-file --batch-check ended (${code})`)));
    child.stdin.on('error', () => {}); // the process ending is reported by 'close'
    return child;
  }

  /** Nothing asked: let Node exit, and end git after a while unless asked again. */
  private rest(child: ChildProcessWithoutNullStreams): void {
    this.hold(child, false);
    this.idle = setTimeout(() => {
      if (this.child !== child || this.waiting.length) return;
      this.child = undefined;
      child.stdin.end();
    }, IDLE_MS);
    this.idle.unref();
  }

  /** Whether the process (and its pipes) keep Node running: only while an answer is awaited. */
  private hold(child: ChildProcessWithoutNullStreams, on: boolean): void {
    for (const handle of [child, child.stdin, child.stdout, child.stderr] as { ref?: () => void; unref?: () => void }[]) {
      if (on) handle.ref?.();
      else handle.unref?.();
    }
  }
}
