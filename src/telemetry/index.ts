export { createLogger, silentLogger, type Logger, type LoggerOptions } from './logger.ts';
export { REDACTED, redactText, redactValue, registerEnvSecrets, registerSecret } from './redact.ts';
