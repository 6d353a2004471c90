// agents.yaml `privacy:` (seed 000's PRIVACY_REQUIREMENTS made enforceable): which PII the
// runtime redacts from logs, commit messages and the model's context, for every agent of the
// data directory. A pattern that does not compile is an error at its line.
import { z } from 'zod';
import { PII_DETECTORS, type PiiRules } from '../telemetry/index.ts';

/** Patterns are bounded in length and count: each runs over every log line and prompt. */
export const MAX_PII_PATTERNS = 50;
export const MAX_PII_PATTERN_LENGTH = 500;

const PatternSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'a short lowercase name (letters, digits, "-", "_")'),
  regex: z.string().min(1).max(MAX_PII_PATTERN_LENGTH).superRefine((src, ctx) => {
    try {
      new RegExp(src, 'g');
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(e as Error).message}` });
      return;
    }
    if (new RegExp(`^(?:${src})$`).test('')) ctx.addIssue({ code: 'custom', message: 'matches the empty string: it would redact nothing but cost every line a scan' });
  }),
  flags: z.string().regex(/^[imsu]*$/, 'only the flags i, m, s, u (g is always on)').optional(),
  replace: z.string().max(100).optional(),
});

export const PrivacySchema = z.strictObject({
  /** Built-in detectors. */
  redact: z.array(z.enum(PII_DETECTORS)).optional(),
  /** A person's own patterns (e.g. customer ids). */
  patterns: z.array(PatternSchema).max(MAX_PII_PATTERNS).optional(),
});

export type PrivacyInput = z.infer<typeof PrivacySchema>;

export function resolvePrivacy(raw: PrivacyInput | undefined): PiiRules {
  return { detectors: [...new Set(raw?.redact ?? [])], patterns: raw?.patterns ?? [] };
}
