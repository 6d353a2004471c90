// Typed errors of the store: each carries a stable `code` and a message that says where.
import { AgentOsError } from '../errors.ts';

/** Every store error; the code says which (E_GIT, E_DUPLICATE_TASK, …). */
export class StoreError extends AgentOsError {}

/** An agent name that is not a safe slug (it could escape the data dir). */
export class InvalidAgentNameError extends StoreError {
  constructor(name: string) {
    super('E_AGENT_NAME', `invalid agent name ${JSON.stringify(name)}: expected a slug matching /^[a-z0-9][a-z0-9_-]{0,62}$/`);
  }
}

/** Malformed YAML front matter in a Markdown record. */
export class FrontMatterError extends StoreError {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  constructor(file: string, line: number, column: number, detail: string) {
    super('E_FRONT_MATTER', `${file}:${line}:${column}: invalid front matter: ${detail}`);
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

/** A task that cannot be written as a queue.md block. */
export class InvalidTaskError extends StoreError {
  constructor(message: string) {
    super('E_INVALID_TASK', message);
  }
}

/** An id that queue.md already holds. */
export class DuplicateTaskError extends StoreError {
  readonly id: string;
  constructor(file: string, id: string, line: number) {
    super('E_DUPLICATE_TASK', `${file}: task id ${JSON.stringify(id)} already exists at line ${line}; choose a unique id`);
    this.id = id;
  }
}

/** A bootstrap file path that is absolute or escapes the repository. */
export class BootstrapPathError extends StoreError {
  constructor(dir: string, rel: string) {
    super('E_BOOTSTRAP_PATH', `bootstrap of ${dir}: path ${JSON.stringify(rel)} must be relative and stay inside the repository`);
  }
}
