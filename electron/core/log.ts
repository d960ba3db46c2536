/**
 * The main process's logger. Secrets never reach it by construction (handlers
 * log channel names and error codes, never payloads); as a second line of
 * defence every line is scrubbed of anything that looks like a credential.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const SECRET_PATTERNS: RegExp[] = [
  /(bearer\s+)[A-Za-z0-9._~+/=-]+/gi,
  /("?(?:password|accessToken|refreshToken|token|secret|authorization)"?\s*[:=]\s*)("[^"]*"|[^\s,}]+)/gi,
];

export function redact(line: string): string {
  return SECRET_PATTERNS.reduce((text, pattern) => text.replace(pattern, '$1[redacted]'), line);
}

export function createLogger(write: (line: string) => void = (line) => console.error(line)): Logger {
  const emit = (level: string, message: string) => write(`[${new Date().toISOString()}] ${level} ${redact(message)}`);
  return {
    info: (message) => emit('info', message),
    warn: (message) => emit('warn', message),
    error: (message) => emit('error', message),
  };
}
