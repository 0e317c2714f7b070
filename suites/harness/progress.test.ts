// harness/progress.ts: the progress line as a pure function of the counts (no timing assertions), and nothing at all off a terminal.

import test from 'tape';
import { eta, formatDuration, renderProgress, startProgress } from '../../harness/progress';

const state = { done: 50, total: 200, pass: 45, fail: 3, error: 0, elapsedMs: 10_000 };

test('renderProgress: done/total, pass/fail so far, percent, elapsed and ETA', (t) => {
  t.equal(renderProgress(state, 100), '[########......................] 50/200  pass 45  fail 3   25%  10s  ETA 30s');
  t.equal(renderProgress({ ...state, error: 2 }, 200).includes('  error 2'), true, 'errors shown when there are some');
  t.equal(renderProgress({ ...state, done: 0, pass: 0, fail: 0, elapsedMs: 500 }, 100), '[..............................] 0/200  pass 0  fail 0    0%  1s  ETA --', 'no ETA before the first record');
  t.equal(renderProgress({ ...state, done: 200, pass: 197 }, 100).startsWith('[##############################] 200/200'), true, 'full bar at the end');
  t.end();
});

test('renderProgress never wraps: at most columns - 1 characters, the bar is dropped first', (t) => {
  for (const columns of [120, 80, 60, 40, 20, 1]) {
    const line = renderProgress({ ...state, total: 123456, done: 1234, elapsedMs: 3_600_000 }, columns);
    t.ok(line.length <= Math.max(0, columns - 1), `${columns} columns: ${line.length} characters`);
  }
  t.notOk(renderProgress(state, 40).startsWith('['), 'no bar when there is no room for it');
  t.end();
});

test('formatDuration and eta', (t) => {
  t.deepEqual([0, 999, 59_400, 60_000, 187_000, 3_720_000].map(formatDuration), ['0s', '1s', '59s', '1m00s', '3m07s', '1h02m']);
  t.equal(eta(state), 30_000, 'the rate so far times what remains');
  t.equal(eta({ ...state, done: 0 }), undefined);
  t.equal(eta({ ...state, done: 200 }), undefined);
  t.end();
});

test('startProgress writes nothing when the stream is not a TTY, and leaves no line behind on one', (t) => {
  const piped: string[] = [];
  const p = startProgress(10, { isTTY: false, write: (s) => { piped.push(s); return true; } }, 0, 1);
  p.record('pass');
  p.clear();
  p.stop();
  t.deepEqual(piped, [], 'nothing off a terminal');
  const tty: string[] = [];
  const q = startProgress(10, { isTTY: true, columns: 80, write: (s) => { tty.push(s); return true; } }, 0, 1000);
  q.record('fail');
  q.stop();
  t.ok(tty.length === 0 || tty[tty.length - 1] === '\r\x1b[K', 'stopped: erased (or never drawn)');
  t.end();
});
