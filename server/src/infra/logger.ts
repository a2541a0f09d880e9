import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

/**
 * Structured JSON logs. Secrets never reach a log line: credentials and tokens are
 * redacted by path, and ID numbers are never put into log objects in the first place
 * (modules log masked values only).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: "xinyi-server" },
    // Only these fields of an error: libraries attach request bodies and other user data to errors.
    serializers: {
      err: (err: Error & { code?: unknown }) => ({ type: err.name, message: err.message, code: err.code, stack: err.stack }),
    },
    redact: {
      paths: [
        "req.headers.authorization",
        "req.headers.cookie",
        "*.password",
        "*.refreshToken",
        "*.accessToken",
        "*.secret",
        "*.idNumber",
      ],
      censor: "[redacted]",
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
