// Three agents with different domains, for the multi-agent tests.
import type { ScriptRequest } from '../../src/models/index.ts';

export const THREE_AGENTS_YAML = `agents:
  - name: orion
    persona: "Backend engineer. Terse."
    domain: "Backend engineering: APIs, rate limits, pagination"
  - name: revu
    persona: "Code reviewer. Cites lines."
    domain: "Code review: security, race conditions"
    throughput_class: fast
  - name: lex
    persona: "Contract analyst."
    domain: "Legal contracts: licensing, NDAs, indemnification clauses"
iac:
  default_message_ttl: 600
  consensus:
    min_voters: 2
    majority: 0.66
`;

/** Every user message of a request, joined. */
export function userText(req: ScriptRequest): string {
  return req.messages.filter((m) => m.role === 'user').map((m) => m.text).join('\n');
}

export function voteOf(req: ScriptRequest): string | undefined {
  return /^# Vote (prop-\d+)/m.exec(userText(req))?.[1];
}

export const voteReply = (vote: 'yes' | 'no' | 'abstain', reason = 'consistent with what I know') => ({ json: { vote, reason } });
