// context/: the retrieval index, token counting, budgeted assembly, context.md.
export { assembleContext, RETRIEVAL, type AssembledContext, type AssembleOptions, type ContextStats, type ContextItem } from './assemble.ts';
export { ContextIndex, renderDoc, type IndexDoc, type IndexedDoc, type SearchHit } from './index-db.ts';
export { agentDocs, segmentDocs, docsForSource, SEGMENTS_SOURCE_DIR } from './docs.ts';
export { retrieve, terms, matchExpression, mentionedTags, tagIndex, type Query, type Scored, type TagIndex } from './retrieve.ts';
export { fitToBudget, type Candidate, type Fitted, type FitOptions } from './budget.ts';
export { tokenCounter, countWith, familyOf, type TokenCounter, type Encoding } from './tokenizer.ts';
export { indexPath, syncAgentIndex, reindexAll, updateIndexFromChanges, syncSharedSegments } from './sync.ts';
