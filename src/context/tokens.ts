// Token estimate used for budgets until the context issue brings a real tokenizer:
// ~4 characters per token is the usual figure for English text with BPE vocabularies.
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
