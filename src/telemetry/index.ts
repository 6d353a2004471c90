export { createLogger, silentLogger, type Logger, type LoggerOptions } from './logger.ts';
export { REDACTED, containsSecret, redactText, redactValue, registerEnvSecrets, registerSecret } from './redact.ts';
export { setPiiRules, piiActive, redactPii, PII_DETECTORS, type PiiDetector, type PiiPattern, type PiiRules } from './pii.ts';
