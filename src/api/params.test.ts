import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as z from 'zod';
import { parseParams, str } from './params.ts';

describe('parameter errors', () => {
  it("explain a pattern mismatch in the schema's own words", () => {
    const schema = z.strictObject({ code: str(12).regex(/^[A-Z]{3}$/, 'must be 3 uppercase letters') });
    assert.throws(() => parseParams(schema, { code: 'ab' }), {
      message: 'Invalid code: must be 3 uppercase letters',
      param: 'code',
      code: 'parameter_invalid',
    });
  });
});
