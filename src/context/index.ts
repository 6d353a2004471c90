export { assembleContext, type AssembledContext, type ContextItem } from './assemble.ts';
export { estimateTokens } from './tokens.ts';
