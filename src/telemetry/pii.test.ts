// The PII detectors: what they catch, and what they leave alone (timestamps, ids, versions).
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { redactPii, setPiiRules } from './pii.ts';
import { redactText, redactValue } from './redact.ts';

afterEach(() => setPiiRules(undefined));

test('each built-in detector', () => {
  setPiiRules({ detectors: ['email', 'phone', 'credit_card', 'iban', 'us_ssn', 'ipv4'], patterns: [] });
  const cases: [string, string][] = [
    ['write to jane.doe+news@mail.example.co.uk today', 'write to [REDACTED:email] today'],
    ['call +44 20 7946 0958 or (555) 123-4567 or 555-123-4567', 'call [REDACTED:phone] or [REDACTED:phone] or [REDACTED:phone]'],
    ['card 4111 1111 1111 1111, not 4111 1111 1111 1112', 'card [REDACTED:credit_card], not 4111 1111 1111 1112'],
    ['IBAN GB82 WEST 1234 5698 7654 32 and DE89370400440532013000; not GB00WEST12345698765432', 'IBAN [REDACTED:iban] and [REDACTED:iban]; not GB00WEST12345698765432'],
    ['SSN 123-45-6789, not 000-12-3456', 'SSN [REDACTED:us_ssn], not 000-12-3456'],
    ['from 10.0.0.12, not 999.1.1.1', 'from [REDACTED:ipv4], not 999.1.1.1'],
  ];
  for (const [input, want] of cases) assert.equal(redactPii(input), want);
});

test('what looks like PII but is not stays: timestamps, epoch milliseconds, task ids, versions, amounts', () => {
  setPiiRules({ detectors: ['email', 'phone', 'credit_card', 'iban', 'us_ssn'], patterns: [] });
  for (const s of ['2026-04-30T10:00:00+00:00', '1730000000000', 'sync-vendor-api-20260429T100500-ab12', 'v1.32.2', 'USD 1 000 000', 'route: novel → strongest']) {
    assert.equal(redactPii(s), s);
  }
});

test('own patterns; redactText applies the rules after the secrets, in logs and values alike', () => {
  setPiiRules({ detectors: ['email'], patterns: [{ name: 'customer', regex: 'CUST-\\d{6}' }, { name: 'name', regex: 'jane doe', flags: 'i', replace: '<person>' }] });
  assert.equal(redactText('CUST-123456 (Jane Doe, jane@example.org)'), '[REDACTED:customer] (<person>, [REDACTED:email])');
  assert.deepEqual(redactValue({ msg: 'mail jane@example.org', n: 1730000000000 }), { msg: 'mail [REDACTED:email]', n: 1730000000000 });
  setPiiRules(undefined);
  assert.equal(redactText('jane@example.org'), 'jane@example.org', 'no rules, no change');
});
