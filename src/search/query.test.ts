import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BursarError } from '../kit/errors.ts';
import { parseSearchQuery, type SearchFields } from './query.ts';

const fields: SearchFields = {
  amount: { kind: 'number' },
  active: { kind: 'boolean' },
  email: { kind: 'text', nullable: true },
  name: { kind: 'text' },
  status: { kind: 'token' },
  metadata: { kind: 'metadata' },
  'billing_details.address.postal_code': { kind: 'token', nullable: true },
};
const parse = (query: string) => parseSearchQuery(query, fields, 'things');

function refusal(query: string): string {
  try {
    parse(query);
  } catch (error) {
    assert.ok(error instanceof BursarError);
    assert.equal(error.status, 400);
    assert.equal(error.param, 'query');
    return error.message;
  }
  assert.fail(`${query} was accepted`);
}

describe('the search query parser', () => {
  it('reads clauses of every kind into the query', () => {
    assert.deepEqual(parse('email:"amy@rocketrides.io"'), { combine: 'and', clauses: [{ field: 'email', operator: ':', value: 'amy@rocketrides.io', negated: false }] });
    assert.deepEqual(parse("name~'Rocket' AND amount>=1000 and -status:'void'"), {
      combine: 'and',
      clauses: [
        { field: 'name', operator: '~', value: 'Rocket', negated: false },
        { field: 'amount', operator: '>=', value: 1000, negated: false },
        { field: 'status', operator: ':', value: 'void', negated: true },
      ],
    });
    assert.deepEqual(parse('metadata["order id"]:"6735" OR metadata[\'x\']:null or amount<-5'), {
      combine: 'or',
      clauses: [
        { field: 'metadata', key: 'order id', operator: ':', value: '6735', negated: false },
        { field: 'metadata', key: 'x', operator: ':', value: null, negated: false },
        { field: 'amount', operator: '<', value: -5, negated: false },
      ],
    });
  });

  it('reads spaces as AND, = as :, booleans, nulls, escaped quotes and dotted fields', () => {
    assert.deepEqual(parse('  active:true   amount=5 email:null name:"say \\"hi\\"" billing_details.address.postal_code:"75001"  ').clauses, [
      { field: 'active', operator: ':', value: true, negated: false },
      { field: 'amount', operator: ':', value: 5, negated: false },
      { field: 'email', operator: ':', value: null, negated: false },
      { field: 'name', operator: ':', value: 'say "hi"', negated: false },
      { field: 'billing_details.address.postal_code', operator: ':', value: '75001', negated: false },
    ]);
    assert.equal(parse('active:"false"').clauses[0]!.value, false);
    assert.equal(parse('email:"a" OR name:"b"').combine, 'or');
  });

  it('refuses what is not a query, saying what and where', () => {
    const cases: [string, string][] = [
      ['', 'Invalid search query: the query is empty.'],
      ['nickname:"x"', 'Invalid search query: things cannot be searched by `nickname`; the fields are amount, active, email, name, status, metadata, billing_details.address.postal_code (at character 1).'],
      ['constructor:"x"', 'Invalid search query: things cannot be searched by `constructor`; the fields are amount, active, email, name, status, metadata, billing_details.address.postal_code (at character 1).'],
      ['-nickname:"x"', 'Invalid search query: things cannot be searched by `nickname`; the fields are amount, active, email, name, status, metadata, billing_details.address.postal_code (at character 2).'],
      ['Email:"x"', 'Invalid search query: `Email` is not a field name (at character 1).'],
      ['status~"void"', 'Invalid search query: `status` cannot be searched with ~; it takes : (at character 7).'],
      ['name>"b"', 'Invalid search query: `name` cannot be searched with >; it takes : ~ (at character 5).'],
      ['amount~"100"', 'Invalid search query: `amount` cannot be searched with ~; it takes : > < >= <= (at character 7).'],
      ['metadata["k"]~"value"', 'Invalid search query: `metadata` cannot be searched with ~; it takes : (at character 14).'],
      ['name:"unterminated', 'Invalid search query: the string that starts here is never closed; end it with " (at character 6).'],
      ["name:'it\\'s", "Invalid search query: the string that starts here is never closed; end it with ' (at character 6)."],
      ['email:"a" AND name:"b" OR status:"c"', 'Invalid search query: AND and OR cannot be combined in one query: OR here, but AND at character 11 (at character 24).'],
      ['email:"a" OR name:"b" status:"c"', 'Invalid search query: AND and OR cannot be combined in one query: a space (AND) here, but OR at character 11 (at character 23).'],
      ['name~"ab"', 'Invalid search query: a substring search (~) needs at least 3 characters (at character 6).'],
      ['name:jenny', 'Invalid search query: a value of `name` must be in quotes, as in name:"jenny" (at character 6).'],
      ['amount>"ten"', 'Invalid search query: `amount` takes a whole number (at most 9007199254740991 either way) but found `ten` (at character 8).'],
      ['amount>10.5', 'Invalid search query: `amount` takes a whole number (at most 9007199254740991 either way) but found `10.5` (at character 8).'],
      ['amount<-9007199254740992', 'Invalid search query: `amount` takes a whole number (at most 9007199254740991 either way) but found `-9007199254740992` (at character 8).'],
      ['active:"yes"', 'Invalid search query: `active` takes true or false but found `yes` (at character 8).'],
      ['name:null', 'Invalid search query: `name` cannot be searched for null (at character 6).'],
      ['amount>null', 'Invalid search query: `amount` cannot be searched for null (at character 8).'],
      ['email', 'Invalid search query: expected an operator (: ~ > < >= <=) after `email` but found the end of the query (at character 6).'],
      ['email:', 'Invalid search query: expected a quoted value after : but found the end of the query (at character 7).'],
      ['email:"a" AND', 'Invalid search query: expected a field name but found the end of the query (at character 14).'],
      ['(email:"a" OR name:"b")', 'Invalid search query: parentheses are not part of the search query language (at character 1).'],
      ['metadata:"x"', 'Invalid search query: expected [ after metadata (metadata["key"]) but found `:` (at character 9).'],
      ['metadata[key]:"x"', 'Invalid search query: expected a quoted key after [ but found `key` (at character 10).'],
      ['metadata["k":"x"', 'Invalid search query: expected ] after the metadata key but found `:` (at character 13).'],
      ['email:"a"name:"b"', 'Invalid search query: expected a space, AND or OR before `name` (at character 10).'],
      ['- email:"a"', 'Invalid search query: expected a field name after - (at character 1).'],
      [Array.from({ length: 11 }, () => 'amount>1').join(' '), 'Invalid search query: a query has at most 10 clauses (at character 91).'],
    ];
    for (const [query, message] of cases) assert.equal(refusal(query), message, query);
  });
});
