// Reads the parameters each method of the installed `stripe` package declares
// (`CustomerCreateParams` …) from its type declarations, for test/api/sdk-params.test.ts.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** One declared parameter: its name and, for a hash (or a list of hashes), the keys it declares. */
export interface SdkParam {
  name: string;
  /** The hash's own keys, `null` for a value that is not a hash (a string, a list of strings, metadata). */
  keys: string[] | null;
  /** A list of hashes (`items[][price]`) rather than one hash. */
  list: boolean;
}

const RESOURCES = fileURLToPath(new URL('../node_modules/stripe/esm/resources/', import.meta.url));

const camel = (name: string) => name[0]!.toLowerCase() + name.slice(1);

function declarationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    // V2 is another API; Bursar speaks v1.
    if (entry.isDirectory()) return entry.name === 'V2' ? [] : declarationFiles(path);
    return entry.name.endsWith('.d.ts') && entry.name !== 'index.d.ts' ? [path] : [];
  });
}

/**
 * `resource.method` (as scripts/sdk-endpoints.ts names them: `customers.create`,
 * `billingPortal.sessions.create`) → the parameters its `params` argument declares.
 * `only` limits the files read to those resources, which is much faster.
 */
export function sdkParams(only?: ReadonlySet<string>): Map<string, SdkParam[]> {
  const resourceOf = (file: string) => relative(RESOURCES, file).replace(/\.d\.ts$/, '').split(/[\\/]/).map(camel).join('.');
  const files = declarationFiles(RESOURCES).filter((file) => !only || only.has(resourceOf(file)));
  const program = ts.createProgram(files, { strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.NodeNext });
  const checker = program.getTypeChecker();

  // A hash's keys: of the object members of a union (`Emptyable<Hash>`, `string | Hash`), if any.
  const hashKeys = (type: ts.Type): string[] | null => {
    const members = (type.isUnion() ? type.types : [type]).filter((t) => t.flags & ts.TypeFlags.Object && !checker.isArrayType(t));
    const keys = members.flatMap((t) => checker.getPropertiesOfType(t).map((p) => p.name));
    // Metadata and the like (`{[name: string]: string}`) are free-form, not declared keys.
    return keys.length > 0 ? [...new Set(keys)].sort() : null;
  };

  const out = new Map<string, SdkParam[]>();
  for (const file of files) {
    const source = program.getSourceFile(file)!;
    for (const statement of source.statements) {
      if (!ts.isClassDeclaration(statement)) continue;
      for (const member of statement.members) {
        if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue;
        const param = member.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === 'params');
        if (!param) continue;
        const type = checker.getTypeAtLocation(param);
        const params: SdkParam[] = [];
        for (const prop of checker.getPropertiesOfType(checker.getNonNullableType(type))) {
          const t = checker.getNonNullableType(checker.getTypeOfSymbol(prop));
          const arrays = (t.isUnion() ? t.types : [t]).filter((m) => checker.isArrayType(m));
          const item = arrays.length > 0 ? checker.getTypeArguments(arrays[0] as ts.TypeReference)[0]! : undefined;
          const listKeys = item ? hashKeys(item) : null;
          params.push({ name: prop.name, keys: listKeys ?? hashKeys(t), list: listKeys !== null });
        }
        out.set(`${resourceOf(file)}.${member.name.text}`, params.sort((a, b) => a.name.localeCompare(b.name)));
      }
    }
  }
  return out;
}
