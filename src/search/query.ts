// Stripe's search query language: clauses `field:"value"`, `field~"part"`, `field>10`,
// `metadata["key"]:"value"`, each possibly negated with `-`, joined by spaces or AND, or by
// OR (never both in one query). Tokenized, then parsed by recursive descent into a
// SearchQuery; checked against what each field of a resource allows as it is parsed.
import { BursarError } from '../kit/errors.ts';

/** What a field can be searched by. */
export type FieldKind =
  /** Text: exact match (case-insensitive) with `:`, substring with `~`. */
  | 'text'
  /** An exact value only (an id, a status, a currency): `:`, case-insensitive. */
  | 'token'
  /** A whole number or a unix time: `:`/`=`, `>`, `<`, `>=`, `<=`. */
  | 'number'
  | 'boolean'
  /** `metadata["key"]`: exact match of the key's value, or `null` when the key is absent. */
  | 'metadata';

export interface FieldSpec {
  kind: FieldKind;
  /** The field can be null, and `field:null` finds where it is. */
  nullable?: boolean;
}

/** The fields one resource can be searched by, by name. */
export type SearchFields = Record<string, FieldSpec>;

export type Operator = ':' | '~' | '>' | '<' | '>=' | '<=';

export interface SearchClause {
  field: string;
  /** The key of a metadata clause. */
  key?: string;
  operator: Operator;
  /** null is Stripe's `null`: the field has no value (the key is absent). */
  value: string | number | boolean | null;
  negated: boolean;
}

export interface SearchQuery {
  combine: 'and' | 'or';
  clauses: SearchClause[];
}

/** Stripe's bound on a substring search. */
export const MIN_SUBSTRING = 3;
/** Bounds the SQL one query makes. */
export const MAX_CLAUSES = 10;

type TokenKind = 'word' | 'string' | 'op' | '[' | ']' | '(' | ')' | 'end';

interface Token {
  kind: TokenKind;
  text: string;
  /** 0-based offset in the query. */
  at: number;
  /** Whitespace came before it. */
  spaced: boolean;
}

const OPERATORS = ['>=', '<=', ':', '~', '>', '<', '='];
const WORD = /[^\s:~<>=[\]()"']/;

function fail(message: string, at: number): never {
  throw BursarError.invalid(`Invalid search query: ${message} (at character ${at + 1}).`, 'query');
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (true) {
    const start = i;
    while (i < query.length && /\s/.test(query[i]!)) i++;
    const spaced = i > start;
    if (i >= query.length) {
      tokens.push({ kind: 'end', text: '', at: i, spaced });
      return tokens;
    }
    const at = i;
    const c = query[i]!;
    if (c === '"' || c === "'") {
      let text = '';
      i++;
      while (i < query.length && query[i] !== c) {
        // A backslash takes the next character as it is: \" inside "…".
        if (query[i] === '\\' && i + 1 < query.length) i++;
        text += query[i];
        i++;
      }
      if (i >= query.length) fail(`the string that starts here is never closed; end it with ${c}`, at);
      i++;
      tokens.push({ kind: 'string', text, at, spaced });
    } else if (c === '[' || c === ']' || c === '(' || c === ')') {
      i++;
      tokens.push({ kind: c, text: c, at, spaced });
    } else {
      const op = OPERATORS.find((o) => query.startsWith(o, i));
      if (op) {
        i += op.length;
        tokens.push({ kind: 'op', text: op, at, spaced });
      } else {
        while (i < query.length && WORD.test(query[i]!)) i++;
        tokens.push({ kind: 'word', text: query.slice(at, i), at, spaced });
      }
    }
  }
}

const NUMBER = /^-?\d+$/;
const FIELD = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$/;

const describe = (t: Token) => (t.kind === 'end' ? 'the end of the query' : `\`${t.text}\``);

class Parser {
  private i = 0;
  private readonly tokens: Token[];
  private readonly fields: SearchFields;
  private readonly resource: string;

  constructor(query: string, fields: SearchFields, resource: string) {
    this.tokens = tokenize(query);
    this.fields = fields;
    this.resource = resource;
  }

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private next(): Token {
    return this.tokens[this.i++]!;
  }

  private expect(kind: TokenKind, what: string): Token {
    const t = this.next();
    if (t.kind !== kind) fail(`expected ${what} but found ${describe(t)}`, t.at);
    return t;
  }

  /** query := clause ((AND | OR | space) clause)* */
  parse(): SearchQuery {
    const clauses = [this.clause()];
    let combine: { how: 'and' | 'or'; word: string; at: number } | null = null;
    while (this.peek().kind !== 'end') {
      const t = this.peek();
      const word = t.kind === 'word' ? t.text.toUpperCase() : '';
      const keyword = word === 'AND' || word === 'OR' ? word : '';
      let how: 'and' | 'or';
      if (keyword) {
        this.next();
        how = keyword === 'AND' ? 'and' : 'or';
      } else if (t.spaced) {
        how = 'and';
      } else {
        fail(`expected a space, AND or OR before ${describe(t)}`, t.at);
      }
      const joiner = keyword || 'a space (AND)';
      if (combine && combine.how !== how) {
        fail(`AND and OR cannot be combined in one query: ${joiner} here, but ${combine.word} at character ${combine.at + 1}`, t.at);
      }
      combine ??= { how, word: joiner, at: t.at };
      clauses.push(this.clause());
      if (clauses.length > MAX_CLAUSES) fail(`a query has at most ${MAX_CLAUSES} clauses`, t.at);
    }
    return { combine: combine?.how ?? 'and', clauses };
  }

  /** clause := ['-'] field operator value */
  private clause(): SearchClause {
    let t = this.next();
    if (t.kind === '(' || t.kind === ')') fail('parentheses are not part of the search query language', t.at);
    if (t.kind !== 'word') fail(`expected a field name but found ${describe(t)}`, t.at);
    let negated = false;
    let name = t.text;
    if (name.startsWith('-')) {
      negated = true;
      name = name.slice(1);
    }
    const at = t.at + (negated ? 1 : 0);
    if (name === '') fail('expected a field name after -', t.at);
    if (!FIELD.test(name)) fail(`\`${name}\` is not a field name`, at);
    const spec = Object.hasOwn(this.fields, name) ? this.fields[name]! : null;
    if (!spec) fail(`${this.resource} cannot be searched by \`${name}\`; the fields are ${Object.keys(this.fields).join(', ')}`, at);
    let key: string | undefined;
    if (spec.kind === 'metadata') {
      const open = this.expect('[', `[ after metadata (metadata["key"])`);
      key = this.expect('string', `a quoted key after ${open.text}`).text;
      this.expect(']', '] after the metadata key');
    }
    t = this.next();
    if (t.kind !== 'op') fail(`expected an operator (: ~ > < >= <=) after \`${name}\` but found ${describe(t)}`, t.at);
    const operator = (t.text === '=' ? ':' : t.text) as Operator;
    const opAt = t.at;
    const value = this.value(name, spec, operator, opAt);
    return key === undefined ? { field: name, operator, value, negated } : { field: name, key, operator, value, negated };
  }

  private value(name: string, spec: FieldSpec, operator: Operator, opAt: number): SearchClause['value'] {
    const allowed: Record<FieldKind, Operator[]> = { text: [':', '~'], token: [':'], number: [':', '>', '<', '>=', '<='], boolean: [':'], metadata: [':'] };
    if (!allowed[spec.kind].includes(operator)) {
      fail(`\`${name}\` cannot be searched with ${operator}; it takes ${allowed[spec.kind].join(' ')}`, opAt);
    }
    const t = this.next();
    if (t.kind === 'word' && t.text === 'null') {
      if (!(spec.nullable || spec.kind === 'metadata') || operator !== ':') fail(`\`${name}\` cannot be searched for null`, t.at);
      return null;
    }
    switch (spec.kind) {
      case 'number': {
        const text = t.kind === 'string' || t.kind === 'word' ? t.text : '';
        // Amounts and times are whole numbers; a bound keeps every one exact on both engines.
        if (!NUMBER.test(text) || !Number.isSafeInteger(Number(text))) fail(`\`${name}\` takes a whole number (at most ${Number.MAX_SAFE_INTEGER} either way) but found ${describe(t)}`, t.at);
        return Number(text);
      }
      case 'boolean': {
        const text = t.kind === 'string' || t.kind === 'word' ? t.text : '';
        if (text !== 'true' && text !== 'false') fail(`\`${name}\` takes true or false but found ${describe(t)}`, t.at);
        return text === 'true';
      }
      default: {
        if (t.kind === 'word') fail(`a value of \`${name}\` must be in quotes, as in ${name}${operator}"${t.text}"`, t.at);
        if (t.kind !== 'string') fail(`expected a quoted value after ${operator} but found ${describe(t)}`, t.at);
        if (operator === '~' && [...t.text].length < MIN_SUBSTRING) fail(`a substring search (~) needs at least ${MIN_SUBSTRING} characters`, t.at);
        return t.text;
      }
    }
  }
}

/**
 * Parses a search query for a resource (named in errors: "customers") that can be searched
 * by `fields`. A query that is not one refuses with a 400 on `query` saying what and where.
 */
export function parseSearchQuery(query: string, fields: SearchFields, resource: string): SearchQuery {
  if (query.trim() === '') throw BursarError.invalid('Invalid search query: the query is empty.', 'query');
  return new Parser(query, fields, resource).parse();
}
