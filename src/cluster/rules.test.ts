// The cluster's pure rules: the job format (pinned by fixtures: read every released version,
// refuse a newer one with a reason), names in Redis, remote addresses, and settings from the
// environment (a bad value names the variable).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { hasCode } from '../errors.ts';
import { jobData, readJobData } from './job-data.ts';
import { agentOfQueue, jobIdOf, queueName } from './keys.ts';
import { CLUSTER_DEFAULTS, clusterOptions } from './options.ts';
import { agentRepoUrl, isUrlRemote, remoteDir, sharedRepoUrl } from './remote.ts';

const fixture = (...p: string[]) => JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', ...p), 'utf8')) as unknown;

test('a v1 job reads back as the task it carries, and writing it again gives the same JSON', () => {
  const raw = fixture('job-v1.json');
  const r = readJobData(raw, 'paginated-api');
  assert.ok(r.ok);
  assert.equal(r.agent, 'orion');
  assert.deepEqual(r.task.after, ['design-review']);
  assert.equal(r.task.line, 0, 'a job never stood in queue.md');
  const { line: _line, ...task } = r.task;
  assert.deepEqual(jobData(r.agent, task), raw, 'read → write → identical');
});

test('a job from a newer AgentOS, one without a version, and a malformed one are refused with a reason', () => {
  const newer = readJobData(fixture('negative', 'future-version.json'), 'j1');
  assert.equal(newer.ok, false);
  assert.match(!newer.ok ? newer.reason : '', /version 2 is from a newer AgentOS .* upgrade this worker/);
  const none = readJobData(fixture('negative', 'missing-version.json'), 'j2');
  assert.match(!none.ok ? none.reason : '', /no "v": not an AgentOS task/);
  const bad = readJobData(fixture('negative', 'bad-task.json'), 'j3');
  assert.match(!bad.ok ? bad.reason : '', /task\.id: .*task\.task: .*task\.priority/s);
});

test('names in Redis: one queue per agent; an all-digit task id gets a job id BullMQ accepts', () => {
  assert.equal(queueName('orion'), 'agent-orion');
  assert.equal(agentOfQueue('agent-orion'), 'orion');
  assert.equal(jobIdOf('42'), '#42');
  assert.equal(jobIdOf('task-42'), 'task-42');
});

test('remotes: a directory (or file://) is read as files; ssh, https and host:path are URLs', () => {
  assert.equal(isUrlRemote('/srv/remote'), false);
  assert.equal(isUrlRemote('./remote'), false);
  assert.equal(isUrlRemote('file:///srv/remote'), false);
  assert.equal(remoteDir('file:///srv/remote'), '/srv/remote');
  for (const url of ['ssh://git@host/srv/agentos', 'https://git.example.com/agentos', 'git@host:srv/agentos']) assert.equal(isUrlRemote(url), true, url);
  assert.equal(agentRepoUrl('/srv/remote', 'orion'), '/srv/remote/agents/orion.git');
  assert.equal(agentRepoUrl('https://git.example.com/agentos/', 'orion'), 'https://git.example.com/agentos/agents/orion.git');
  assert.equal(sharedRepoUrl('git@host:srv/agentos'), 'git@host:srv/agentos/shared.git');
});

test('settings: defaults, the environment, and a bad value that names its variable', () => {
  const o = clusterOptions({ redis: 'redis://127.0.0.1:6379' }, {});
  assert.equal(o.lockDurationMs, CLUSTER_DEFAULTS.lockDurationMs);
  assert.equal(o.prefix, 'agentos');
  const env = clusterOptions({}, { REDIS_URL: 'redis://r:6379', AGENTOS_LEASE_MS: '5000', AGENTOS_REDIS_PREFIX: 'team-a' });
  assert.equal(env.redisUrl, 'redis://r:6379');
  assert.equal(env.lockDurationMs, 5000);
  assert.equal(env.prefix, 'team-a');
  assert.throws(() => clusterOptions({}, {}), (e) => hasCode(e, 'CLUSTER_CONFIG') && /--redis/.test((e as Error).message));
  assert.throws(() => clusterOptions({ redis: 'localhost:6379' }, {}), /redis:\/\//);
  assert.throws(() => clusterOptions({ redis: 'redis://r' }, { AGENTOS_LEASE_MS: '10' }), /AGENTOS_LEASE_MS="10": expected a whole number from 200/);
  assert.throws(() => clusterOptions({ redis: 'redis://r' }, { AGENTOS_REDIS_PREFIX: 'a:b' }), /AGENTOS_REDIS_PREFIX/);
});
