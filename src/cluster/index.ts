// cluster/: scale-out — many runtime processes and machines sharing the agents through BullMQ on
// Redis and a git remote. Implements the kernel's IntakePort (ClusterIntake); the composition root
// plugs it in for `agentos run --redis`.
export { ClusterIntake } from './intake.ts';
export { ClusterError } from './errors.ts';
export { clusterOptions, type ClusterOptions } from './options.ts';
export { initRemote, prepareWorkerDir } from './remote-init.ts';
export { enqueueRemote, readClusterStatus } from './client.ts';
export { formatClusterStatus, type ClusterStatus } from './status.ts';
