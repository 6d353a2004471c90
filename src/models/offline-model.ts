// The demo's OFFLINE SCRIPTED MODEL. It is not an LLM and shows no intelligence:
// it fills a TaskReport from templates and the task's own words, deterministically,
// so the pipeline (context, learning, commits) can run with no model at all.
import type { TaskReport } from '../learn/index.ts';
import { startScriptedServer } from './scripted-server.ts';
import type { Reply, ScriptRequest, ScriptedServer } from './scripted-server.ts';

export const OFFLINE_LABEL = '[offline scripted model — not an LLM]';
export const OFFLINE_FAIL_MARKER = '[offline:fail]';

const STOPWORDS = new Set(
  `a about above after again against all am an and any are as at be because been before being below between both but by
  can could did do does doing down during each few for from further had has have having he her here hers him his how i if
  in into is it its itself just let me more most my no nor not now of off on once only or other our ours out over own please
  same she should so some such than that the their them then there these they this those through to too under until up use
  using very was we were what when where which while who whom why will with would you your yours make write give get new
  one two also into via per etc task tasks`.split(/\s+/),
);

/** The most frequent content words, ties broken by first appearance. */
export function topKeywords(text: string, limit = 5): string[] {
  const counts = new Map<string, number>();
  for (const word of text.toLowerCase().match(/[a-z0-9][a-z0-9-]*[a-z0-9]/g) ?? []) {
    if (word.length < 3 || STOPWORDS.has(word) || /^\d+$/.test(word)) continue;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  // Map keeps insertion order, so a stable sort by count keeps first appearance for ties.
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([w]) => w.slice(0, 40));
}

/** The task text inside the kernel's user message: a Task section, a `task:` line, a <task> tag, else all of it. */
export function findTaskText(userText: string): string {
  const tagged = userText.match(/<task>([\s\S]*?)<\/task>/i);
  if (tagged) return tagged[1].trim();
  const section = userText.match(/^#{1,6}[ \t]*(?:the[ \t]+|current[ \t]+)?task\b[^\n]*\n+([\s\S]*?)(?=\n#{1,6}[ \t]|(?![\s\S]))/im);
  if (section && section[1].trim()) return section[1].trim();
  const line = userText.match(/^task:[ \t]*(.+)$/im);
  if (line && line[1].trim() !== '|') return line[1].trim();
  return userText.trim();
}

/** Items listed under Markdown headings whose title matches `title` (### entries or bullets). */
export function listedUnder(text: string, title: RegExp): string[] {
  const items: string[] = [];
  let level = 0; // heading level of the section we are inside, 0 when outside
  for (const line of text.split('\n')) {
    const heading = line.match(/^(#{1,6})\s+(.*)$/);
    if (heading) {
      const depth = heading[1].length;
      if (level && depth > level) items.push(heading[2].trim());
      else level = title.test(heading[2]) ? depth : 0;
      continue;
    }
    const bullet = level ? line.match(/^\s{0,3}[-*]\s+(.+)$/) : null;
    if (bullet) items.push(bullet[1].replace(/\*\*|__|`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').trim());
  }
  return [...new Set(items.map((s) => s.slice(0, 80)).filter(Boolean))];
}

function sentenceList(items: string[]): string {
  return items.length ? items.join('; ') : 'none';
}

/** The whole report, from the task text and everything else the prompt held. */
export function buildOfflineReport(taskText: string, promptText: string): TaskReport {
  const fail = taskText.includes(OFFLINE_FAIL_MARKER);
  const task = taskText.split(OFFLINE_FAIL_MARKER).join(' ').replace(/\s+/g, ' ').trim();
  const keywords = topKeywords(task);
  const topic = keywords.slice(0, 3);
  const skills = listedUnder(promptText, /skill/i);
  const goals = listedUnder(promptText, /goal/i);
  const restated = task.length > 300 ? `${task.slice(0, 300)}…` : task;
  const response = [
    `${OFFLINE_LABEL} Task received: "${restated}".`,
    `Skills in my prompt: ${sentenceList(skills)}.`,
    `Goals in my prompt: ${sentenceList(goals)}.`,
    fail ? `Scripted outcome: failure (the task carries ${OFFLINE_FAIL_MARKER}).` : 'Scripted outcome: success.',
  ].join('\n');
  const about = topic.length ? topic.join(', ') : 'this kind of task';
  return {
    response,
    outcome: fail ? 'failure' : 'success',
    reward: fail ? -1 : 1,
    context_tags: keywords,
    skill: fail
      ? null
      : {
          name: topic.length ? topic.join('-') : 'general-task',
          description: `Scripted placeholder (offline model, not an LLM): use when a task is about ${about}.`,
          body: [
            `> Scripted by the offline model (not an LLM): a template, not a learned technique.`,
            '',
            `1. Restate the task about ${about} in one line.`,
            '2. Check which skills and goals in the context apply.',
            '3. Answer, then verify against the task text.',
          ].join('\n'),
        },
    reflection: fail
      ? `Offline scripted reflection: the task about ${about} was marked to fail; a real model would need to close that gap.`
      : `Offline scripted reflection: the task about ${about} was answered from a template; nothing was reasoned.`,
    goal: fail ? `Learn to handle tasks about ${about}`.slice(0, 200) : null,
  };
}

function looksLikeTaskReportSchema(schema: unknown): boolean {
  const props = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return !!props && 'outcome' in props && 'reward' in props && 'response' in props;
}

/** The scripted-server script: answers every request with a TaskReport. */
export function offlineScript(req: ScriptRequest): Reply {
  if (req.responseFormat?.schema !== undefined && !looksLikeTaskReportSchema(req.responseFormat.schema)) {
    return {
      status: 400,
      body: { error: { message: 'the offline scripted model only answers TaskReport requests', type: 'invalid_request_error' } },
    };
  }
  const users = req.messages.filter((m) => m.role === 'user');
  const taskText = findTaskText(users[0]?.text ?? '');
  const promptText = [req.system, ...users.map((m) => m.text)].join('\n');
  return { json: buildOfflineReport(taskText, promptText) };
}

/** Starts the offline scripted model as an OpenAI-compatible server on 127.0.0.1. */
export function startOfflineModel(): Promise<ScriptedServer> {
  return startScriptedServer({ format: 'openai', script: offlineScript });
}
