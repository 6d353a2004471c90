// Runtime events: what the HTTP API, the CLI and the benchmarks observe.
import { EventEmitter } from 'node:events';

export type RuntimeEvent =
  | { type: 'task.started'; agent: string; task: string; at: number }
  | { type: 'task.model'; agent: string; task: string; modelMs: number }
  | {
      type: 'task.completed';
      agent: string;
      task: string;
      reward: number;
      auditScore: number;
      commit: string;
      durationMs: number;
      modelMs: number;
    }
  | { type: 'task.dead_lettered'; agent: string; task: string; reason: string; commit: string }
  | { type: 'task.rejected'; agent: string; task?: string; reason: string }
  | { type: 'task.paused'; agent: string; task: string; requests: string[] }
  | { type: 'agent.idle'; agent: string }
  | { type: 'agent.paused'; agent: string; reason: string; resumesAt: string };

export class RuntimeEvents extends EventEmitter<{ event: [RuntimeEvent] }> {
  emitEvent(e: RuntimeEvent): void {
    this.emit('event', e);
  }
}
