/**
 * The fake GitHub API as a child process, for tests that run the action's scripts with
 * spawnSync (which blocks the test's own event loop). Prints its URL, then keeps the state in
 * the JSON file named by its first argument after every request; stops on SIGTERM.
 * Usage: node --import tsx test/helpers/fake-github-server.ts <state.json> <token>
 */
import { writeFileSync } from 'node:fs';
import { startFakeGithub } from './fake-github.js';

const [stateFile, token] = process.argv.slice(2) as [string, string];
const api = await startFakeGithub({
  token,
  comments: { 42: [{ id: 7, body: '<!-- precept-review -->\nA person pasted the marker', user: { login: 'mallory', type: 'User' }, html_url: 'https://github.test/c/7' }] },
  onChange: (state) => writeFileSync(stateFile, JSON.stringify(state)),
});
writeFileSync(stateFile, JSON.stringify({ comments: api.comments, requests: api.requests }));
process.on('SIGTERM', () => void api.close().then(() => process.exit(0)));
process.stdout.write(`${api.url}\n`);
