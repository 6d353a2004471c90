// models/ledger: tokens and cost per call, task, agent and day, in files; the daily budget.
export { CostBook, ledgerPaths, readDay, readPending, daySpend, recentTaskLines, ledgerDays, LEDGER_DIR, CHUNK_BYTES, type LedgerPaths } from './book.ts';
export { parseLedger, renderLine, lineDay, CallLineSchema, TaskLineSchema, LedgerParseError, type CallLine, type TaskLine, type LedgerLine } from './records.ts';
export { budgetVerdict, addSpend, emptySpend, nextUtcMidnight, BudgetExceededError, type Spend, type BudgetLimits, type BudgetVerdict } from './budget.ts';
