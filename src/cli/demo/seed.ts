// The seed's example agents and tasks (seed 001, Part 4; one task from seed 000).
import { readFileSync } from 'node:fs';
import type { TaskInput } from '../../kernel/index.ts';

export const SEED_AGENTS_YAML = readFileSync(new URL('./agents.yaml', import.meta.url), 'utf8');

export interface SeedTask extends TaskInput {
  agent: string;
  id: string;
}

export const SEED_TASKS: SeedTask[] = [
  { agent: 'orion', id: 'first-task', priority: 'normal', task: 'List your active constraints and explain how the reward system works.' },
  {
    agent: 'orion', id: 'paginated-api', priority: 'high',
    task: "Write a Python function that fetches all pages from a paginated REST API endpoint. The API returns a 'next' field in the response body. Handle rate limits gracefully.",
  },
  {
    agent: 'orion', id: 'sql-parameterization', priority: 'high',
    task: 'Write a function that builds a parameterized SQL SELECT query from a table name, a list of column names, and a dict of WHERE conditions. Prevent SQL injection.',
  },
  {
    agent: 'orion', id: 'sync-vendor-api', priority: 'normal', verify: 'test -f sync.py',
    task: 'Build a Python sync process for a paginated API with rate limits.',
  },
  {
    agent: 'orion', id: 'paginated-api-cursor', priority: 'low',
    task: 'Write a Python function that fetches all pages from a cursor-paginated REST API endpoint, handling rate limits.',
  },
  {
    agent: 'revu', id: 'review-flask-endpoint', priority: 'high',
    task: [
      'Review the following Python code for security issues and bugs.',
      '',
      '```python',
      "@app.route('/user/<username>')",
      'def get_user(username):',
      '    query = f"SELECT * FROM users WHERE name = \'{username}\'"',
      '    result = db.execute(query)',
      '    return jsonify(result.fetchone())',
      '```',
      '',
      'Provide specific line-by-line findings with fixes.',
    ].join('\n'),
  },
  {
    agent: 'lex', id: 'review-nda-clause', priority: 'high',
    task: [
      'Review this NDA clause and identify risks:',
      '',
      '"The Receiving Party agrees to hold all Confidential Information',
      'in strict confidence for a period of three (3) years from the',
      'date of disclosure, except for information that is independently',
      'developed, which shall remain confidential indefinitely."',
      '',
      'Flag any ambiguities or one-sided terms.',
    ].join('\n'),
  },
  {
    agent: 'scribe', id: 'feedback-chapter1', priority: 'normal',
    task: [
      'Provide developmental feedback on this opening passage:',
      '',
      '"The door creaked open. Sarah walked into the room. She was',
      'scared. The room was dark and cold. She saw a shadow move in',
      'the corner. She screamed and ran away."',
      '',
      "Focus on: show-don't-tell, sensory detail, pacing.",
    ].join('\n'),
  },
];
