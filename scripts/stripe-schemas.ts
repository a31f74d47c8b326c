// Derives response schemas from the `stripe` package's type declarations (which Stripe
// generates from its OpenAPI description) so tests can check every body Bursar answers
// against Stripe's own description of it. `npm run stripe-schemas` rewrites the committed
// test/support/stripe-schemas.json; test/support/stripe-schemas.test.ts fails when the
// installed package would generate something else.
//
// Schema language (compact JSON): a type is a primitive name ("string", "number",
// "boolean", "null", "decimal" — a decimal string —, "any"), a named type (starts with an
// upper-case letter, defined in `types`), a union (a JSON array of types),
// {"const": v}, {"enum": [..]}, {"array": T}, {"record": T} (Metadata and the like),
// {"list": T} (ApiList<T>), {"search": T} (ApiSearchResult<T>) or {"object": props}.
// Props map a field to its type; a field the declaration marks optional ends in "?".
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export type SchemaType = string | SchemaType[] | { [key: string]: unknown };
export type Props = Record<string, SchemaType>;

export interface StripeSchemas {
  stripe: string;
  apiVersion: string;
  /** `object` value → the type of that object. */
  objects: Record<string, string>;
  /** `object` value → the type of that object once deleted (`deleted: true`). */
  deleted: Record<string, string>;
  /** Event type → the type of its `data.object`. */
  events: Record<string, SchemaType>;
  /** The error envelope's `error`. */
  error: string;
  types: Record<string, Props>;
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const schemasFile = join(root, 'test/support/stripe-schemas.json');

function declarationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    // V2 objects are another API with other conventions; Bursar speaks v1.
    if (entry.isDirectory()) return entry.name === 'V2' ? [] : declarationFiles(path);
    return entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

export function generateSchemas(stripeDir = join(root, 'node_modules/stripe')): StripeSchemas {
  const esm = join(stripeDir, 'esm');
  const resources = join(esm, 'resources');
  const files = [...declarationFiles(resources), join(esm, 'Types.d.ts'), join(esm, 'lib.d.ts'), join(esm, 'shared.d.ts')];
  const program = ts.createProgram(files, { strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.NodeNext });
  const checker = program.getTypeChecker();
  const types: Record<string, Props> = {};
  const owners = new Map<string, ts.Symbol>();

  // A declaration's name: its folder under resources/ (BillingPortal, TestHelpers …), then
  // the namespaces around it (Subscription.PauseCollection), so equal short names stay apart.
  function nameOf(symbol: ts.Symbol): string {
    const decl = symbol.declarations![0]!;
    const parts = [symbol.name];
    for (let node: ts.Node | undefined = decl.parent; node; node = node.parent) {
      if (ts.isModuleDeclaration(node)) parts.unshift(node.name.text);
    }
    const file = decl.getSourceFile().fileName;
    if (file.startsWith(resources + sep) || file.startsWith(resources + '/')) {
      const folders = relative(resources, dirname(file)).split(/[\\/]/).filter(Boolean);
      parts.unshift(...folders.filter((f, i) => parts[i] !== f));
    }
    return parts.join('.');
  }

  function define(symbol: ts.Symbol, type: ts.Type): string {
    const name = nameOf(symbol);
    const owner = owners.get(name);
    if (owner && owner !== symbol) throw new Error(`Two declarations are both named ${name}`);
    if (!owner) {
      owners.set(name, symbol);
      types[name] = {}; // before the props: types refer to themselves (Invoice → Invoice)
      types[name] = propsOf(type);
    }
    return name;
  }

  function propsOf(type: ts.Type): Props {
    const props: Props = {};
    for (const prop of checker.getPropertiesOfType(type)) {
      const t = checker.getTypeOfSymbol(prop);
      // `deleted?: void` on live objects: the field is never there.
      if ((t.isUnion() ? t.types : [t]).every((m) => m.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined))) continue;
      const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
      props[optional ? `${prop.name}?` : prop.name] = convert(t);
    }
    return props;
  }

  function convert(type: ts.Type): SchemaType {
    if (type.aliasSymbol?.name === 'Decimal') return 'decimal';
    const f = type.flags;
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'any';
    if (f & ts.TypeFlags.String) return 'string';
    if (f & ts.TypeFlags.Number) return 'number';
    if (f & ts.TypeFlags.Boolean) return 'boolean';
    if (f & ts.TypeFlags.Null) return 'null';
    if (f & ts.TypeFlags.StringLiteral) return { const: (type as ts.StringLiteralType).value };
    if (f & ts.TypeFlags.NumberLiteral) return { const: (type as ts.NumberLiteralType).value };
    if (f & ts.TypeFlags.BooleanLiteral) return { const: checker.typeToString(type) === 'true' };
    if (type.isUnion()) return convertUnion(type.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined)));
    // `OtherString` (string & Record<never, never>): Stripe's "or a value not listed yet".
    if (type.isIntersection() && type.types.some((t) => t.flags & ts.TypeFlags.String)) return 'string';
    if (checker.isArrayType(type)) return { array: convert(checker.getTypeArguments(type as ts.TypeReference)[0]!) };
    const symbol = type.getSymbol();
    if (symbol?.name === 'ApiList' || symbol?.name === 'ApiSearchResult') {
      const item = convert(checker.getTypeArguments(type as ts.TypeReference)[0]!);
      return symbol.name === 'ApiList' ? { list: item } : { search: item };
    }
    const index = checker.getIndexTypeOfType(type, ts.IndexKind.String);
    if (index && checker.getPropertiesOfType(type).length === 0) return { record: convert(index) };
    if (symbol && symbol.flags & ts.SymbolFlags.Interface) return define(symbol, type);
    if (symbol && type.aliasSymbol) return define(type.aliasSymbol, type);
    return { object: propsOf(type) };
  }

  function convertUnion(members: ts.Type[]): SchemaType {
    const literals = members.filter((t) => t.flags & ts.TypeFlags.StringLiteral).map((t) => (t as ts.StringLiteralType).value);
    const bools = members.filter((t) => t.flags & ts.TypeFlags.BooleanLiteral);
    const rest = members.filter((t) => !(t.flags & (ts.TypeFlags.StringLiteral | ts.TypeFlags.BooleanLiteral)));
    // An enum with `| OtherString` still lists every value Bursar may send.
    const others = rest.filter((t) => !(literals.length > 0 && t.isIntersection()));
    const out: SchemaType[] = [];
    if (literals.length === 1) out.push({ const: literals[0] });
    else if (literals.length > 1) out.push({ enum: literals.sort() });
    if (bools.length === 2) out.push('boolean');
    else out.push(...bools.map(convert));
    out.push(...others.map(convert));
    return out.length === 1 ? out[0]! : out;
  }

  const objects: Record<string, string> = {};
  const deleted: Record<string, string> = {};
  const events: Record<string, SchemaType> = {};
  const clash: string[] = [];
  let error = '';
  for (const file of program.getSourceFiles()) {
    if (!file.fileName.startsWith(esm)) continue;
    for (const statement of file.statements) {
      if (ts.isTypeAliasDeclaration(statement) && statement.name.text === 'StripeRawError') {
        error = define(checker.getSymbolAtLocation(statement.name)!, checker.getTypeAtLocation(statement.name));
      }
      if (ts.isTypeAliasDeclaration(statement) && statement.name.text === 'Event' && file.fileName.endsWith('resources/Events.d.ts')) {
        for (const event of (checker.getTypeAtLocation(statement.name) as ts.UnionType).types) {
          const type = checker.getTypeOfSymbol(checker.getPropertyOfType(event, 'type')!) as ts.StringLiteralType;
          const data = checker.getTypeOfSymbol(checker.getPropertyOfType(event, 'data')!);
          events[type.value] = convert(checker.getTypeOfSymbol(checker.getPropertyOfType(data, 'object')!));
        }
      }
      if (!ts.isInterfaceDeclaration(statement) || !file.fileName.startsWith(resources) || file.fileName.includes('/V2/')) continue;
      const symbol = checker.getSymbolAtLocation(statement.name)!;
      const type = checker.getDeclaredTypeOfSymbol(symbol);
      // Each event type's interface narrows EventBase; `events` holds what they differ in.
      if (statement.heritageClauses?.some((h) => h.types.some((t) => t.expression.getText() === 'EventBase'))) continue;
      const objectProp = checker.getPropertyOfType(type, 'object');
      if (!objectProp) continue;
      const literal = checker.getTypeOfSymbol(objectProp);
      if (!(literal.flags & ts.TypeFlags.StringLiteral)) continue;
      const key = (literal as ts.StringLiteralType).value;
      // Live objects declare `deleted?: void`; deleted ones `deleted: true`.
      const deletedProp = checker.getPropertyOfType(type, 'deleted');
      const into = deletedProp && checker.getTypeOfSymbol(deletedProp).flags & ts.TypeFlags.BooleanLiteral ? deleted : objects;
      const name = define(symbol, type);
      if (into[key] && into[key] !== name) clash.push(`${key}: ${into[key]}, ${name}`);
      into[key] = name;
    }
  }
  if (clash.length > 0) throw new Error(`Several types declare the same object: ${clash.join('; ')}`);
  const sorted = <T>(o: Record<string, T>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const pkg = JSON.parse(readFileSync(join(stripeDir, 'package.json'), 'utf8')) as { version: string };
  const apiVersion = /ApiVersion = "([^"]+)"/.exec(readFileSync(join(esm, 'apiVersion.d.ts'), 'utf8'))![1]!;
  return { stripe: pkg.version, apiVersion, objects: sorted(objects), deleted: sorted(deleted), events: sorted(events), error, types: sorted(types) };
}

/** One line per type, so a diff after an SDK upgrade shows which types changed. */
export function serialize(schemas: StripeSchemas): string {
  const { types, ...head } = schemas;
  const lines = Object.entries(types).map(([name, props]) => `${JSON.stringify(name)}:${JSON.stringify(props)}`);
  return `${JSON.stringify(head).slice(0, -1)},"types":{\n${lines.join(',\n')}\n}}\n`;
}

if (import.meta.main) {
  const text = serialize(generateSchemas());
  writeFileSync(schemasFile, text);
  console.log(`${relative(process.cwd(), schemasFile)}: ${(text.length / 1024).toFixed(0)} KiB`);
}
