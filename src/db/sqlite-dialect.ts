import { DatabaseSync, type StatementSync, type SQLInputValue } from 'node:sqlite';
import { SqliteDialect, SqliteDriver, CompiledQuery, type DatabaseConnection } from 'kysely';

const MAX_CACHED_STATEMENTS = 500;

/** Adapts built-in node:sqlite to the statement interface Kysely's SQLite dialect expects. */
class NodeSqliteDatabase {
  readonly #db: DatabaseSync;
  readonly #cache = new Map<string, { stmt: StatementSync; columns: string[]; writes: boolean }>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  close(): void {
    this.#db.close();
  }

  #dataVersion: StatementSync | undefined;
  /** SQLite's `data_version`: it moves whenever another connection (another process) commits. */
  dataVersion(): number {
    this.#dataVersion ??= this.#db.prepare('PRAGMA data_version');
    return (this.#dataVersion.get() as { data_version: number }).data_version;
  }

  #seenVersion = -1;
  #generation = 0;
  /**
   * Moves whenever the data may have changed: any statement of this connection that is not a
   * SELECT (counted as it runs, even if later rolled back), or a commit by another connection
   * (another process), which SQLite's `data_version` shows.
   */
  generation(): number {
    const version = this.dataVersion();
    if (version !== this.#seenVersion) {
      this.#seenVersion = version;
      this.#generation++;
    }
    return this.#generation;
  }

  prepare(sql: string) {
    let entry = this.#cache.get(sql);
    if (!entry) {
      const stmt = this.#db.prepare(sql);
      const columns = stmt.columns().map((c) => c.name);
      // Rows come back as arrays and become objects in JS: node:sqlite builds row objects
      // through V8's C++ API, which costs about as much again as the query on a wide row.
      if (columns.length > 0) stmt.setReturnArrays(true);
      // Anything but a plain SELECT may write (INSERT … RETURNING reads too).
      entry = { stmt, columns, writes: !/^\s*select\b/i.test(sql) };
      if (this.#cache.size >= MAX_CACHED_STATEMENTS) this.#cache.delete(this.#cache.keys().next().value!);
      this.#cache.set(sql, entry);
    }
    const { stmt, columns, writes } = entry;
    return {
      reader: columns.length > 0,
      all: (params: readonly unknown[]) => {
        if (writes) this.#generation++;
        return (stmt.all(...params.map(toSqlite)) as unknown[]).map((row) => toRow(columns, row));
      },
      run: (params: readonly unknown[]) => {
        this.#generation++;
        return stmt.run(...params.map(toSqlite));
      },
      *iterate(params: readonly unknown[]) {
        for (const row of stmt.iterate(...params.map(toSqlite))) yield toRow(columns, row);
      },
    };
  }
}

function toRow(columns: string[], values: unknown): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) row[columns[i]] = (values as unknown[])[i];
  return row;
}

function toSqlite(value: unknown): SQLInputValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value as SQLInputValue;
}

/** Write transactions take the write lock up front, so two processes never deadlock on upgrade. */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export class NodeSqliteDialect extends SqliteDialect {
  readonly #database: NodeSqliteDatabase;
  constructor(database: NodeSqliteDatabase) {
    super({ database });
    this.#database = database;
  }
  /** Read outside Kysely's queue: a synchronous counter read, safe between any two statements. */
  generation(): number {
    return this.#database.generation();
  }
  dataVersion(): number {
    return this.#database.dataVersion();
  }
  override createDriver() {
    return new ImmediateSqliteDriver({ database: this.#database });
  }
}

/** Opens the SQLite file durably: WAL, synchronous=FULL, a busy timeout for other processes. */
export function createSqliteDialect(path: string): NodeSqliteDialect {
  const db = new DatabaseSync(path, { timeout: 5000 });
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
  return new NodeSqliteDialect(new NodeSqliteDatabase(db));
}
