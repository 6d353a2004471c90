// context/: the retrieval index, token counting, budgeted assembly, context.md.
export { assembleContext, RETRIEVAL, type ContextStats } from './assemble.ts';
export { ContextIndex, renderDoc, type IndexDoc } from './index-db.ts';
export { retrieve, terms, mentionedTags, tagIndex } from './retrieve.ts';
export { fitToBudget } from './budget.ts';
export { tokenCounter } from './tokenizer.ts';
export { indexPath, syncAgentIndex, reindexAll, updateIndexFromChanges, syncSharedSegments } from './sync.ts';
