import { LOG_REDACT } from './app.js';

/** pino options shared by the server and the CLI: redacted, one line per event. */
export function loggerOptions(level: string) {
  return {
    level,
    redact: { paths: LOG_REDACT, censor: '[redacted]' },
    serializers: {
      // Query strings can carry a progress query code; log the path only.
      req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, path: req.url.split('?')[0] }),
    },
  };
}
