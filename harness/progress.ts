// The progress line of run/start: one updating line on stderr when it is a TTY (done/total, pass/fail so far, elapsed, ETA), redrawn at most 10 times a second, erased at the end.

/** What the line shows; `renderProgress` turns it into text. */
export interface ProgressState {
  readonly done: number;
  readonly total: number;
  readonly pass: number;
  readonly fail: number;
  /** error verdicts (shown only when there are some) */
  readonly error: number;
  readonly elapsedMs: number;
}

/** `42s`, `3m07s`, `1h02m`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** The remaining time at the rate so far, or undefined before the first record (or when nothing remains). */
export function eta(s: ProgressState): number | undefined {
  if (s.done === 0 || s.done >= s.total) return undefined;
  return (s.elapsedMs / s.done) * (s.total - s.done);
}

/** The progress line (no control characters), at most `columns - 1` characters so that it never wraps. */
export function renderProgress(s: ProgressState, columns = 80): string {
  const total = Math.max(s.total, s.done);
  const ratio = total === 0 ? 1 : s.done / total;
  const left = eta(s);
  const counts = `${s.done}/${total}  pass ${s.pass}  fail ${s.fail}${s.error > 0 ? `  error ${s.error}` : ''}`;
  const times = `${formatDuration(s.elapsedMs)}  ETA ${left === undefined ? '--' : formatDuration(left)}`;
  const text = `${counts}  ${String(Math.floor(ratio * 100)).padStart(3)}%  ${times}`;
  const room = columns - 1 - text.length - 3;
  const width = Math.min(30, room);
  if (width < 5) return text.slice(0, Math.max(0, columns - 1));
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}`;
}

/** What run-command needs: count a verdict, erase the line before writing other output, stop at the end. */
export interface Progress {
  record(verdict: string): void;
  /** erase the line (it is redrawn at the next tick), e.g. before a line goes to stdout on the same terminal */
  clear(): void;
  stop(): void;
}

const NONE: Progress = { record: () => undefined, clear: () => undefined, stop: () => undefined };

interface TtyLike {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(s: string): boolean;
}

/** A progress line on `stream` when it is a TTY, else nothing. Drawn from `delayMs` on (short runs show none),
 *  every `everyMs` (default 100: at most 10 redraws a second). */
export function startProgress(total: number, stream: TtyLike = process.stderr, delayMs = 1000, everyMs = 100): Progress {
  if (stream.isTTY !== true || total === 0) return NONE;
  const t0 = Date.now();
  let done = 0;
  let pass = 0;
  let fail = 0;
  let error = 0;
  let drawn = false;
  const draw = (): void => {
    const elapsedMs = Date.now() - t0;
    if (elapsedMs < delayMs) return;
    stream.write(`\r${renderProgress({ done, total, pass, fail, error, elapsedMs }, (stream.columns ?? 0) > 0 ? stream.columns : 80)}\x1b[K`);
    drawn = true;
  };
  const clear = (): void => {
    if (drawn) stream.write('\r\x1b[K');
    drawn = false;
  };
  const timer = setInterval(draw, everyMs);
  timer.unref();
  return {
    record(verdict) {
      done++;
      if (verdict === 'pass') pass++;
      else if (verdict === 'fail') fail++;
      else if (verdict === 'error') error++;
    },
    clear,
    stop() {
      clearInterval(timer);
      clear();
    },
  };
}
