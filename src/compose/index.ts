// compose/: the composition root — builds AgentOS from kernel + iac + tools + models + context + server.
export { openSystem, type System, type SystemOptions } from './system.ts';
export { judgePorts } from './judges.ts';
