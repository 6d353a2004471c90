// What a client that submitted a task is told when the task did not simply answer: it waits for a
// person (which request, and how to decide it), it was dead-lettered (why), or it is still running
// (where its answer will be). Shared by the OpenAI-compatible endpoint and the MCP server. Pure.
import type { RequestView } from '../tools/index.ts';

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** One line per request: its id, what it asks, and how to decide it. */
export function approvalLines(requests: readonly Pick<RequestView, 'id' | 'kind' | 'tool' | 'args' | 'question' | 'options'>[]): string[] {
  return requests.map((r) => {
    const what = r.kind === 'approve'
      ? `run ${r.tool ?? 'a tool'}${r.args ? ` ${clip(r.args.replace(/\s+/g, ' '), 200)}` : ''}`
      : r.kind === 'choose'
        ? `choose: ${clip(r.question ?? '', 200)} (options: ${(r.options ?? []).map((o, i) => `${i + 1}. ${clip(o, 60)}`).join('; ')})`
        : `answer: ${clip(r.question ?? '', 200)}`;
    const how = r.kind === 'approve'
      ? `\`agentos approve ${r.id}\` or POST /approvals/${r.id}/approve (refuse: \`agentos deny ${r.id}\`)`
      : r.kind === 'choose'
        ? `\`agentos approve ${r.id} --choice N\` or POST /approvals/${r.id}/approve {"choice": N}`
        : `\`agentos approve ${r.id} --answer "…"\` or POST /approvals/${r.id}/approve {"answer": "…"}`;
    return `- request ${r.id}: ${what} — decide with ${how}`;
  });
}

export function pausedText(agent: string, task: string, requests: readonly Pick<RequestView, 'id' | 'kind' | 'tool' | 'args' | 'question' | 'options'>[], ids: readonly string[]): string {
  const lines = requests.length ? approvalLines(requests) : ids.map((id) => `- request ${id} — decide with \`agentos approve ${id}\` or POST /approvals/${id}/approve`);
  return [
    `Task ${task} of agent ${agent} is waiting for a person's approval before it goes on:`,
    ...lines,
    `Once decided, the task resumes by itself where it stopped; its answer will then be at GET /agents/${agent}/tasks/${task} (\`agentos log ${agent}\`).`,
  ].join('\n');
}

export function deadLetterText(agent: string, task: string, reason: string, kind?: string): string {
  return [
    `Task ${task} of agent ${agent} could not complete and was dead-lettered${kind ? ` (${kind})` : ''}: ${reason}`,
    `Its record is iac/dead_letters/${task}.md in the agent's repository (GET /dead-letters); fix the cause and submit the task again.`,
  ].join('\n');
}

export function stillRunningText(agent: string, task: string, waitedMs: number): string {
  return [
    `Task ${task} of agent ${agent} is still running after ${Math.round(waitedMs / 1000)} s (a request waits at most AGENTOS_API_WAIT).`,
    `It stays queued and will be committed; its answer will be at GET /agents/${agent}/tasks/${task} (or the MCP tool get_status, or \`agentos log ${agent}\`).`,
  ].join('\n');
}
