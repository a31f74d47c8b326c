import { relative, sep } from 'node:path';
import ts from 'typescript';
import { stripeProgram } from '../../scripts/stripe-schemas.ts';

const camel = (name: string) => name[0]!.toLowerCase() + name.slice(1);

/**
 * The top-level parameters each method of the `stripe` package declares (its `params`
 * argument's type: `SubscriptionCreateParams` …), by `resource.method` as
 * scripts/sdk-endpoints.ts names them (`subscriptions.create`, `billingPortal.sessions.create`).
 */
export function declaredParams(): Map<string, string[]> {
  const { program, resources } = stripeProgram();
  const checker = program.getTypeChecker();
  const out = new Map<string, string[]>();
  for (const file of program.getSourceFiles()) {
    if (!file.fileName.startsWith(resources + sep) && !file.fileName.startsWith(`${resources}/`)) continue;
    const resource = relative(resources, file.fileName).replace(/\.d\.ts$/, '').split(/[\\/]/).map(camel).join('.');
    ts.forEachChild(file, (node) => {
      if (!ts.isClassDeclaration(node)) return;
      for (const member of node.members) {
        if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue;
        const params = member.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === 'params');
        if (!params?.type) continue;
        const type = checker.getNonNullableType(checker.getTypeFromTypeNode(params.type));
        out.set(`${resource}.${member.name.text}`, checker.getPropertiesOfType(type).map((s) => s.name));
      }
    });
  }
  return out;
}
