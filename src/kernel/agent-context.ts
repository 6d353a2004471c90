// Everything one agent's worker needs, built once at start.
import type { ToolSet } from 'ai';
import type { AgentConfig, ModelSettings } from '../config/index.ts';
import type { StateCache } from '../learn/index.ts';
import type { AgentPaths, Git, QueueFile } from '../store/index.ts';
import type { Logger } from '../telemetry/index.ts';
import type { ActPort } from './act-port.ts';
import type { RuntimeEvents } from './events.ts';

export interface AgentContext {
  config: AgentConfig;
  dataDir: string;
  paths: AgentPaths;
  git: Git;
  queue: QueueFile;
  model: ModelSettings;
  log: Logger;
  events: RuntimeEvents;
  /** Task ids already completed or dead-lettered (from git history, then kept up to date). */
  done: Set<string>;
  /** Tools offered to the model in the act loop. */
  tools: () => ToolSet;
  verifyTimeoutMs: number;
  /** Parsed learned records, reused while their files are unchanged. */
  stateCache: StateCache;
  /** The tool runtime (policy, sandbox, approvals); without it, `tools` and an unsandboxed verify are used. */
  act?: ActPort;
}
