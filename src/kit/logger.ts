import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config.ts';

/**
 * JSON lines, one object per event. `serve` logs to stdout; one-shot commands log to
 * stderr so their stdout stays their output (e.g. `demo --json`).
 */
export function createLogger(level: LogLevel, fd: 1 | 2 = 1): Logger {
  return pino({ level }, pino.destination({ dest: fd, sync: true }));
}
