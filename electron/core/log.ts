/**
 * The main process's logger. Secrets never reach it by construction (handlers
 * log channel names and error codes, never payloads); as a second line of
 * defence every line is scrubbed of anything that looks like a credential,
 * a security code, an e-mail address or a phone number before it is written
 * anywhere. In the app and the preview host, lines go to a rotating log file
 * through electron-log (`electron-log/main` in Electron, `electron-log/node`
 * in Node: the same file transport).
 */
import type { NodeLogger } from 'electron-log';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The security-code alphabet (no 0/O, 1/I): 8 symbols of it with a digit, standing alone. */
const SECURITY_CODE = /(?<![A-Za-z0-9_-])(?=[A-HJ-NP-Z]*[2-9])[2-9A-HJ-NP-Z]{8}(?![A-Za-z0-9_-])/g;

const SECRET_PATTERNS: [RegExp, string][] = [
  [/(bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1[redacted]'],
  [
    /("?(?:password|accessToken|refreshToken|access_token|refresh_token|token|secret|authorization|securityCode|code)"?\s*[:=]\s*)("[^"]*"|[^\s,}]+)/gi,
    '$1[redacted]',
  ],
  // Opaque tokens (ours are 43 base64url characters) and hashes.
  [/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])/g, '[redacted]'],
  [/[^\s@"'<>(),;:[\]]+@[^\s@"'<>(),;:[\]]+\.[A-Za-z]{2,}/g, '[email]'],
  [/\+\d[\d\s().-]{6,}\d/g, '[phone]'],
  // A code-shaped word right after "code" (all letters happen: one code in ten has no digit), and any with a digit.
  [/(\b[Cc]ode\b[\s:="']*)[2-9A-HJ-NP-Z]{8}(?![A-Za-z0-9_-])/g, '$1[code]'],
  [SECURITY_CODE, '[code]'],
];

export function redact(line: string): string {
  return SECRET_PATTERNS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), line);
}

export function createLogger(write: (line: string) => void = (line) => console.error(line)): Logger {
  const emit = (level: string, message: string) => write(`[${new Date().toISOString()}] ${level} ${redact(message)}`);
  return {
    info: (message) => emit('info', message),
    warn: (message) => emit('warn', message),
    error: (message) => emit('error', message),
  };
}

export interface FileLoggerOptions {
  /** The log file, e.g. `<logs folder>/main.log`; `main.old.log` next to it is the previous one. */
  file: string;
  /** Rotation: past this size the file becomes `main.old.log` and a new one starts. */
  maxSize?: number;
  /** Also print to stderr (development). */
  console?: boolean;
}

export const LOG_FILE_MAX_SIZE = 1024 * 1024;

/**
 * Points an electron-log instance at `file` and scrubs everything it writes,
 * including what electron-log itself logs (uncaught errors), not only what
 * passes through the returned `Logger`.
 */
export function createFileLogger(instance: NodeLogger, options: FileLoggerOptions): Logger {
  instance.transports.file.resolvePathFn = () => options.file;
  instance.transports.file.maxSize = options.maxSize ?? LOG_FILE_MAX_SIZE;
  instance.transports.file.level = 'info';
  instance.transports.console.level = options.console ? 'info' : false;
  instance.hooks.push((message) => ({
    ...message,
    data: message.data.map((part) =>
      redact(part instanceof Error ? (part.stack ?? part.message) : typeof part === 'string' ? part : String(part)),
    ),
  }));
  return {
    info: (message) => instance.info(message),
    warn: (message) => instance.warn(message),
    error: (message) => instance.error(message),
  };
}
