/**
 * A local stand-in for the GitHub REST API's issue comments: list (paginated by `perPage`, with
 * Link headers as GitHub sends them), create and edit, checking the bearer token. Runs in the
 * test's process, or as a child process (fake-github-server.ts) when the test blocks on spawnSync.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: 'Bot' | 'User' };
  html_url: string;
}

export interface FakeGithubOptions {
  /** The token it accepts; anything else is 401. */
  token: string;
  /** Answer writes with 403, as for a token without pull-requests: write. */
  readOnly?: boolean;
  perPage?: number;
  /** Comments already on the pull requests, by number. */
  comments?: Record<number, FakeComment[]>;
  /** Called after each request, with the state (for the child-process variant). */
  onChange?: (state: FakeGithubState) => void;
}

export interface FakeGithubState {
  comments: Record<number, FakeComment[]>;
  requests: string[];
}

export interface FakeGithub extends FakeGithubState {
  url: string;
  close(): Promise<void>;
}

const body = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** Starts the fake API on 127.0.0.1 and a free port. */
export async function startFakeGithub(options: FakeGithubOptions): Promise<FakeGithub> {
  const state: FakeGithubState = { comments: structuredClone(options.comments ?? {}), requests: [] };
  let nextId = 1000;
  const perPage = options.perPage ?? 30;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      state.requests.push(`${req.method} ${url.pathname}${url.search}`);
      const send = (status: number, data: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(data));
        options.onChange?.(state);
      };
      if (req.headers.authorization !== `Bearer ${options.token}`) return send(401, { message: 'Bad credentials' });
      let m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
      if (m && req.method === 'GET') {
        const all = state.comments[Number(m[3])] ?? [];
        const page = Number(url.searchParams.get('page') ?? '1');
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const next = page * perPage < all.length ? { link: `<http://${req.headers.host}${url.pathname}?per_page=100&page=${page + 1}>; rel="next"` } : {};
        return send(200, slice, next);
      }
      if (m && req.method === 'POST') {
        if (options.readOnly) return send(403, { message: 'Resource not accessible by integration' });
        const { body: text } = JSON.parse(await body(req)) as { body: string };
        const comment: FakeComment = { id: nextId++, body: text, user: { login: 'github-actions[bot]', type: 'Bot' }, html_url: `https://github.test/${m[1]}/${m[2]}/pull/${m[3]}#issuecomment-${nextId - 1}` };
        (state.comments[Number(m[3])] ??= []).push(comment);
        return send(201, comment);
      }
      m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (m && req.method === 'PATCH') {
        if (options.readOnly) return send(403, { message: 'Resource not accessible by integration' });
        const comment = Object.values(state.comments).flat().find((c) => c.id === Number(m![3]));
        if (!comment) return send(404, { message: 'Not Found' });
        comment.body = (JSON.parse(await body(req)) as { body: string }).body;
        return send(200, comment);
      }
      send(404, { message: 'Not Found' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
