// The cluster's errors: Redis or the git remote out of reach, a bad setting, a push that lost a race.
import { AgentOsError } from '../errors.ts';

export type ClusterErrorCode =
  /** Redis does not answer: intake is paused (503, exit 9); retry when it is back. */
  | 'REDIS_UNAVAILABLE'
  /** The git remote cannot be read or written (exit 9). */
  | 'REMOTE_UNAVAILABLE'
  /** A cluster setting or the remote's layout is wrong (exit 3). */
  | 'CLUSTER_CONFIG'
  /** The task's commit conflicts with what another writer pushed: it runs again on the new state. */
  | 'REMOTE_CONFLICT'
  /** A task id that an agent's queue holds already (409, exit 8). */
  | 'E_DUPLICATE_TASK';

export class ClusterError extends AgentOsError<ClusterErrorCode> {
  constructor(code: ClusterErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}
