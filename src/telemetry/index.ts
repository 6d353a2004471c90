export { createLogger, silentLogger, type Logger } from './logger.ts';
export { REDACTED, redactText, redactValue, registerEnvSecrets, registerSecret } from './redact.ts';
