import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { scrubPaths } from './scrub.ts';

test('error text loses every absolute server path: the data directory reads DATA, others their last segment', () => {
  const data = '/srv/agentos/data';
  assert.equal(scrubPaths(`${data}/agents/orion/queue.md: task id "x" already exists at line 3`, data), 'DATA/agents/orion/queue.md: task id "x" already exists at line 3');
  assert.equal(scrubPaths('cannot read /etc/agentos/secret.key: EACCES', data), 'cannot read …/secret.key: EACCES');
  assert.equal(scrubPaths(`at "${path.join(os.homedir(), 'x', 'y.json')}"`, data).includes(os.homedir()), false);
  assert.equal(scrubPaths(`in ${path.join(os.tmpdir(), 'agentos-1', 'f')}`, data).includes(os.tmpdir()), false);
  // What is not a server path stays: URLs, routes, relative paths, a lone slash.
  for (const keep of ['see http://127.0.0.1:8484/agents', 'no route GET /nowhere', 'write src/** only', 'a/b', 'either / or']) assert.equal(scrubPaths(keep, data), keep);
});
