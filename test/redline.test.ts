import { expect, it } from 'vitest';
import { MarkdownRenderer } from '../src/markdown/render.js';
import { redline } from '../src/markdown/redline/redline.js';
import { bumpKind } from '../src/repo/versioning/bump.js';

it('redlines rendered text word by word, block by block', () => {
  const r = new MarkdownRenderer();
  const a = r.render('## Scope\n\nStaff must patch critical vulnerabilities within 14 days.\n\n- one\n- two\n\n| Level | Days |\n|---|---|\n| High | 30 |\n\nGone paragraph here.\n');
  const b = r.render('## Scope\n\nStaff and contractors must patch critical vulnerabilities within 7 days.\n\n- one\n- three\n- two\n\n| Level | Days |\n|---|---|\n| High | 14 |\n');
  const rl = redline(a.tree, b.tree);
  expect(rl.html.split('\n')).toEqual([
    '<div class="rl-block rl-h2">Scope</div>',
    '<div class="rl-block rl-p rl-changed" id="change-1">Staff <ins>and contractors </ins>must patch critical vulnerabilities within <del>14</del><ins>7</ins> days.</div>',
    '<div class="rl-block rl-li">one</div>',
    '<div class="rl-block rl-li rl-ins" id="change-2"><ins>three</ins></div>',
    '<div class="rl-block rl-li">two</div>',
    '<div class="rl-block rl-tr">Level | Days</div>',
    '<div class="rl-block rl-tr rl-changed" id="change-3">High | <del>30</del><ins>14</ins></div>',
    '<div class="rl-block rl-p rl-del" id="change-4"><del>Gone paragraph here.</del></div>',
  ]);
  expect(rl.stats).toEqual({ inserted: 5, deleted: 5, unchanged: 15 });
  expect(redline(a.tree, a.tree).changed).toBe(false);
  expect(r.render('<b>x</b> & y').text).toBe('x & y');
});

it('classifies version steps', () => {
  expect([bumpKind('1.2.3', '2.0.0'), bumpKind('1.2.3', '1.3.0'), bumpKind('1.2.3', '1.2.4'), bumpKind('1.2.3', '1.2.3'), bumpKind('2.0.0', '1.9.9')])
    .toEqual(['major', 'minor', 'patch', 'none', 'downgrade']);
});

it('pairs an edited paragraph word by word, but shows a rewritten one as replaced', () => {
  const r = new MarkdownRenderer();
  const before = r.render('Staff must review access to production systems every quarter and record the outcome in the tracker.');
  const edited = r.render('Staff must review access to production systems every month and record the outcome in the tracker.');
  const rewritten = r.render('The tracker records every outcome; production access for staff must be reviewed by systems owners.');
  expect(redline(before.tree, edited.tree).html).toBe(
    '<div class="rl-block rl-p rl-changed" id="change-1">Staff must review access to production systems every <del>quarter</del><ins>month</ins> and record the outcome in the tracker.</div>');
  expect(redline(before.tree, rewritten.tree).html.split('\n')).toEqual([
    '<div class="rl-block rl-p rl-ins" id="change-1"><ins>The tracker records every outcome; production access for staff must be reviewed by systems owners.</ins></div>',
    '<div class="rl-block rl-p rl-del" id="change-2"><del>Staff must review access to production systems every quarter and record the outcome in the tracker.</del></div>',
  ]);
});
