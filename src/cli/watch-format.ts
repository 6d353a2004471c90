// One line per runtime event for `agentos watch` (pure): time, agent, what happened, in words.
const sign = (n: unknown) => (typeof n === 'number' && n > 0 ? `+${n}` : String(n));
const secs = (ms: unknown) => (typeof ms === 'number' ? `${(ms / 1000).toFixed(1)} s` : '');
const short = (sha: unknown) => (typeof sha === 'string' ? sha.slice(0, 8) : '');

/** `e` is an event's parsed JSON data; unknown types print their fields as they are. */
export function formatEvent(e: Record<string, unknown>, now = new Date()): string {
  const time = now.toISOString().slice(11, 19);
  const who = String(e.agent ?? '-').padEnd(10);
  const t = String(e.task ?? '');
  const what = ((): string => {
    switch (e.type) {
      case 'task.queued': return `queued    ${t} (${e.priority}): ${e.title}`;
      case 'task.started': return `started   ${t}${e.resumed ? ' (resumed after a decision)' : ''}`;
      case 'task.completed': return `committed ${t}: reward ${sign(e.reward)}, audit ${sign(e.auditScore)}, ${e.model ?? ''} ${e.tier ? `(${e.tier})` : ''}, ${secs(e.durationMs)}, commit ${short(e.commit)}`;
      case 'task.dead_lettered': return `DEAD      ${t}: ${e.reason} (commit ${short(e.commit)})`;
      case 'task.rejected': return `rejected  ${t || '(no id)'}: ${e.reason}`;
      case 'task.paused': return `paused    ${t}: waiting for a person (${(e.requests as string[] | undefined)?.join(', ')})`;
      case 'task.model': return `model     ${t}: ${secs(e.modelMs)}`;
      case 'model.call': return `model     ${t}: ${e.model} (${e.tier}, ${e.purpose}) ${e.ok ? 'ok' : 'FAILED'} ${secs(e.ms)}, ${e.inputTokens}+${e.outputTokens} tokens${e.costUsd ? `, $${e.costUsd}` : ''}`;
      case 'tool.called': return `tool      ${t}: ${e.tool} ${e.ok ? 'ok' : `failed ${e.error ?? ''}`} (${e.ms} ms)`;
      case 'approval.waiting': return `APPROVAL  ${t}: ${e.request} ${e.kind}${e.tool ? ` ${e.tool}` : ''} — agentos approve ${e.request}`;
      case 'approval.decided': return `decided   ${t}: ${e.request} ${e.decision} by ${e.by}`;
      case 'proposal.filed': return `proposal  ${e.proposal}: ${e.subject}`;
      case 'vote.cast': return `vote      ${e.proposal}: ${e.vote} (now ${e.decision})`;
      case 'proposal.decided': return `decided   ${e.proposal}: ${e.status}`;
      case 'agent.paused': return `PAUSED    until ${e.resumesAt}: ${e.reason}`;
      case 'agent.resumed': return `resumed${e.by ? ` by ${e.by}` : ''}`;
      case 'agent.supervised': return `PAUSED    by its watchdog (${e.streak} × ${e.count})${e.request ? `: agentos resume ${String(e.agent)} or agentos approve ${e.request}` : ''}`;
      case 'agent.rolled_back': return `${e.kind}    ${e.target}: ${e.files} file(s), commit ${short(e.commit)}`;
      case 'speculation.attempt': return `fork      ${t}: ${e.fork} on ${e.tier} ${e.passed ? 'passed' : 'failed'}`;
      case 'speculation.settled': return `forks     ${t}: ${e.attempts} attempt(s), ${e.merged ? `merged ${e.merged}` : 'none passed, all dropped'}`;
      case 'agent.idle': return 'idle';
      case 'gap': return `(missed ${e.missed ?? 'some'} event(s): ${e.reason})`;
      default: return `${String(e.type)} ${JSON.stringify(e)}`;
    }
  })();
  return `${time} ${who} ${what}`;
}
