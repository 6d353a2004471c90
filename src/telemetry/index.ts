export { createLogger, silentLogger, type Logger } from './logger.ts';
export { REDACTED, containsSecret, redactText, redactValue, registerEnvSecrets, registerSecret } from './redact.ts';
