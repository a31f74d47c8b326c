import fc from 'fast-check';

// Hostile values an attacker (or a careless client) sends, independent of any operation.

/** Numbers at the edges: zero, signs, 32-bit and 53-bit limits, past exact integers, non-integers, non-numbers. */
export const boundaryNumbers: fc.Arbitrary<number | string> = fc.constantFrom(
  0, -1, 1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), 2 ** 53 - 1, 2 ** 53, -(2 ** 53), 1e21, 99_999_999, 100_000_000, 0.5, -0.000001,
  '0', '-1', '2147483648', '9007199254740993', '1e21', '1.5', 'NaN', 'Infinity', '-0', '0x10', ' 1', '1_000', '١٢', '',
);

/** Text that breaks naive handling: NUL, lone surrogates, direction overrides, emoji, stacked combining marks, markup. */
export const oddStrings: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'a\u0000b', '\uD800', 'x\uDC00', '\u202Eevil\u202C', '\u200F\u05E9\u05DC\u05D5\u05DD', '👩‍👩‍👧‍👦🏳️‍🌈', 'e\u0301\u0301\u0301\u0301',
    '\uFEFF', '\r\nX-Injected: 1', '<script>alert(1)</script>', "' OR 1=1 --", '../../etc/passwd', '%00', '\u{10FFFF}', ' ', '',
  ),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

/** Strings far past any field's limit (the body limit is 1 MiB). */
export const longStrings: fc.Arbitrary<string> = fc.constantFrom(10_000, 100_000).map((n) => 'x'.repeat(n));

/** JSON text of a value nested `depth` levels deep: {"a":{"a":…"x"}}. */
export const nestedJson = (depth: number) => `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`;

/** The same in form bracket notation under `name`: name[a][a]…=x. */
export function nestedForm(name: string, depth: number): string {
  return `${encodeURIComponent(name)}${'[a]'.repeat(depth)}=x`;
}

export const nestingDepths: fc.Arbitrary<number> = fc.constantFrom(9, 32, 1_000, 10_000);

const multipart = (boundary: string) =>
  `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nJenny\r\n--${boundary}--\r\n`;

/** Request bodies that are not what they claim to be (or claim nothing). */
export const malformedBodies: fc.Arbitrary<{ what: string; body: string; contentType?: string }> = fc.constantFrom(
  { what: 'bad percent-encoding', body: 'name=%E0%A4%A' },
  { what: 'a lone %', body: 'name=%' },
  { what: 'encoded lone surrogate', body: 'name=%ED%A0%80' },
  { what: 'a key without a name', body: '[]=x&=y&[a]=z' },
  { what: 'truncated JSON', body: '{"name": "Jenny"', contentType: 'application/json' },
  { what: 'JSON with trailing data', body: '{"name": "Jenny"}}', contentType: 'application/json' },
  { what: 'a JSON array', body: '[{"name": "Jenny"}]', contentType: 'application/json' },
  { what: 'a JSON string', body: '"Jenny"', contentType: 'application/json' },
  { what: 'JSON null', body: 'null', contentType: 'application/json' },
  { what: 'JSON with __proto__', body: '{"__proto__": {"name": "x"}, "constructor": {"prototype": {}}}', contentType: 'application/json' },
  { what: 'JSON in UTF-16', body: '{"name": "Jenny"}', contentType: 'application/json; charset=utf-16' },
  { what: 'text/plain', body: 'name=Jenny', contentType: 'text/plain' },
  { what: 'XML', body: '<name>Jenny</name>', contentType: 'application/xml' },
  { what: 'multipart', body: multipart('XyZ'), contentType: 'multipart/form-data; boundary=XyZ' },
  { what: 'multipart without a boundary', body: multipart('XyZ'), contentType: 'multipart/form-data' },
  { what: 'truncated multipart', body: multipart('XyZ').slice(0, 40), contentType: 'multipart/form-data; boundary=XyZ' },
  { what: 'an empty body', body: '' },
  { what: 'an empty JSON body', body: '', contentType: 'application/json' },
  { what: 'a content type with no type', body: 'name=Jenny', contentType: ';' },
  { what: 'a body over 1 MiB', body: `name=${'x'.repeat(1024 * 1024)}` },
);

/** Path ids that are not ids: traversal, reserved words, encodings, sizes. */
export const oddIds: fc.Arbitrary<string> = fc.constantFrom(
  'search', 'x'.repeat(5000), '..', '%2E%2E', 'cus_1%2F..%2F..%2Fcustomers', '%2F', '%00', '%E0%A4%A', '%ED%A0%80', 'null', '0', '-1',
  'constructor', '__proto__', '%F0%9F%98%80', 'a%20b', '%0D%0AX-Injected:%201',
);
