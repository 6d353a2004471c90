// Settling the step a crash interrupted, on the pinned v2 checkpoint: done calls are reused, never
// started ones run, an unknown read-only one runs again, an unknown effect waits for a person.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelMessage } from 'ai';
import { readCheckpoint, type Checkpoint } from '../store/index.ts';
import type { CallKind } from './act-port.ts';
import { forceApproval, forcedCalls, planResume } from './step-resume.ts';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'store', 'fixtures', 'checkpoint', 'v2-running.json');
const load = (): Checkpoint => readCheckpoint(JSON.parse(fs.readFileSync(FIXTURE, 'utf8')), FIXTURE);
const KINDS: Record<string, CallKind> = { read_file: 'idempotent', list_files: 'idempotent', write_file: 'effect', shell: 'effect', ask_human: 'person' };
const kindOf = (t: string) => KINDS[t] ?? 'effect';
type Part = { type: string; toolCallId?: string; approvalId?: string; approved?: boolean; output?: unknown };
const parts = (m: ModelMessage | undefined) => (m && typeof m.content !== 'string' ? (m.content as Part[]) : []);

test('a done call is reused, a never-started one runs, an unknown effect is asked with why', () => {
  const cp = load();
  const plan = planResume(cp, kindOf);
  assert.deepEqual(plan.reused, ['call_2_0']);
  assert.deepEqual(plan.run, ['call_2_2']);
  assert.deepEqual(plan.rerun, []);
  assert.equal(plan.ask.length, 1);
  assert.deepEqual({ ...plan.ask[0], note: undefined }, { kind: 'approval', toolCallId: 'call_2_1', toolName: 'shell', input: { command: 'echo migrated >> log.txt' }, approvalId: 'resume-call_2_1', note: undefined });
  assert.match(plan.ask[0].note!, /outcome unknown: the runtime stopped while this shell call ran \(started 2026-06-01T09:00:04\.110Z, no result recorded\).*Approve to run it again; deny to continue without it/);
  // The conversation: the last step's, then the interrupted answer with runtime approval requests, then one tool message.
  assert.equal(plan.messages.length, cp.messages.length + 2);
  const assistant = parts(plan.messages.at(-2));
  assert.deepEqual(assistant.filter((p) => p.type === 'tool-approval-request').map((p) => [p.toolCallId, p.approvalId]), [['call_2_1', 'resume-call_2_1'], ['call_2_2', 'resume-call_2_2']]);
  const tool = parts(plan.messages.at(-1));
  assert.deepEqual(tool.map((p) => [p.type, p.toolCallId ?? p.approvalId]), [['tool-result', 'call_2_0'], ['tool-approval-response', 'resume-call_2_2']]);
  assert.deepEqual(tool[0].output, cp.open!.calls[0].output, 'the recorded result, as the model read it');
  assert.deepEqual([...forcedCalls(plan.messages)].sort(), ['call_2_1', 'call_2_2']);
});

test('an unknown read-only call runs again without asking; a gated call never runs without a person', () => {
  const cp = load();
  cp.open!.calls[1] = { ...cp.open!.calls[1], tool: 'list_files' };
  const assistant = cp.open!.assistant!.content as Part[];
  (assistant[2] as { toolName?: string }).toolName = 'list_files';
  const plan = planResume(cp, kindOf);
  assert.deepEqual([plan.rerun, plan.run, plan.ask.length], [['call_2_1'], ['call_2_2'], 0]);

  const gated = planResume(load(), (t) => (t === 'list_files' ? 'gated' : kindOf(t)));
  assert.deepEqual(gated.run, []);
  assert.deepEqual(gated.ask.map((a) => [a.toolCallId, a.note === undefined]), [['call_2_1', false], ['call_2_2', true]], 'the gated call is asked as the policy asks (no crash note)');
});

test('a checkpoint between steps resumes the conversation as it is; an answered one has nothing open', () => {
  const cp = load();
  cp.open = undefined;
  const plan = planResume(cp, kindOf);
  assert.deepEqual(plan.messages, cp.messages);
  assert.deepEqual([plan.reused, plan.run, plan.rerun, plan.ask], [[], [], [], []]);
  const person = load();
  (person.open!.assistant!.content as Part[]).push({ type: 'tool-call', toolCallId: 'call_2_3', toolName: 'ask_human' } as Part);
  assert.deepEqual(planResume(person, kindOf).ask.map((a) => [a.kind, a.toolCallId]), [['approval', 'call_2_1'], ['client', 'call_2_3']]);
});

test('forceApproval: exactly the forced call ids need approval; other calls keep the tool\'s own rule', async () => {
  const tools = forceApproval({ t: { execute: async () => 1, needsApproval: false } as never, g: { execute: async () => 1, needsApproval: true } as never, h: {} as never }, new Set(['c1']));
  const ask = (name: string, id: string) => (tools[name].needsApproval as (i: unknown, o: unknown) => Promise<boolean>)({}, { toolCallId: id, messages: [] });
  assert.deepEqual([await ask('t', 'c1'), await ask('t', 'c2'), await ask('g', 'c2')], [true, false, true]);
  assert.equal(tools.h.needsApproval, undefined, 'a tool a person answers is left alone');
});
