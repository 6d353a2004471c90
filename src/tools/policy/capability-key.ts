// Where the capability key comes from: $AGENTOS_CAPABILITY_KEY (hex or base64, at least
// 32 bytes), else DATA/.agentos/capability.key, created with 32 random bytes and mode
// 0600 on first use. Never a constant in the code, never logged.
import { AgentOsError } from '../../errors.ts';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const CAPABILITY_KEY_ENV = 'AGENTOS_CAPABILITY_KEY';

export class CapabilityKeyError extends AgentOsError<'CAPABILITY_KEY'> {
  constructor(message: string) {
    super('CAPABILITY_KEY', message);
  }
}

function decode(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]+$/.test(t) && t.length % 2 === 0 ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length < 32) throw new CapabilityKeyError(`${where}: the capability key must be at least 32 bytes (64 hex characters); got ${key.length}`);
  return key;
}

export function loadCapabilityKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env[CAPABILITY_KEY_ENV];
  if (fromEnv) return decode(fromEnv, `$${CAPABILITY_KEY_ENV}`);
  const dir = path.join(path.resolve(dataDir), '.agentos');
  const file = path.join(dir, 'capability.key');
  fs.mkdirSync(dir, { recursive: true });
  try {
    const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
    try {
      fs.writeSync(fd, `${randomBytes(32).toString('hex')}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const st = fs.statSync(file);
  if ((st.mode & 0o077) !== 0) throw new CapabilityKeyError(`${file} is readable by others (mode ${(st.mode & 0o777).toString(8)}); run: chmod 600 ${file}`);
  return decode(fs.readFileSync(file, 'utf8'), file);
}
