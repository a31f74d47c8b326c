import { html } from 'hono/html';

// Rendered with hono/html tagged templates (auto-escaping): JSX would need a build step,
// and Bursar runs its TypeScript as is.

type Schema = { type?: string | string[]; enum?: unknown[]; const?: unknown; anyOf?: Schema[]; properties?: Record<string, Schema>; required?: string[] };
type Operation = {
  summary: string;
  tags: string[];
  parameters?: { name: string; in: string; required: boolean; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
};
type Spec = { info: { title: string; version: string }; paths: Record<string, Record<string, Operation>> };

function typeOf(schema: Schema | undefined): string {
  if (!schema) return 'any';
  if (schema.type) return Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type;
  if (schema.enum) return schema.enum.map(String).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.anyOf) return schema.anyOf.map(typeOf).filter((t) => t !== 'null').join(' | ');
  return 'object';
}

/** The page's only stylesheet, inline: its CSP allows exactly this text by its hash. */
export const REFERENCE_STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
code{font-family:ui-monospace,monospace}h3 code{background:#f2f2f2;padding:.1rem .3rem;border-radius:4px}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{text-align:left;border-bottom:1px solid #ddd;padding:.3rem .5rem}
.none{color:#555}nav a{margin-right:1rem}`;

const slug = (tag: string) => tag.replace(/\s+/g, '-').toLowerCase();

function paramsTable(rows: { name: string; required: boolean; schema: Schema }[]) {
  if (rows.length === 0) return html`<p class="none">No parameters.</p>`;
  return html`<table>
    <thead><tr><th scope="col">Parameter</th><th scope="col">Type</th><th scope="col">Required</th></tr></thead>
    <tbody>${rows.map((r) => html`<tr><td><code>${r.name}</code></td><td>${typeOf(r.schema)}</td><td>${r.required ? 'yes' : ''}</td></tr>`)}</tbody>
  </table>`;
}

function operation(path: string, method: string, op: Operation) {
  const body = op.requestBody?.content['application/x-www-form-urlencoded']?.schema;
  const rows = body
    ? Object.entries(body.properties ?? {}).map(([name, schema]) => ({ name, schema, required: (body.required ?? []).includes(name) }))
    : (op.parameters ?? []).filter((p) => p.in === 'query');
  return html`<article><h3><code>${method} ${path}</code></h3><p>${op.summary}</p>${paramsTable(rows)}</article>`;
}

/** A readable, server-rendered API reference generated from the OpenAPI document. */
export async function referenceHtml(openapi: Record<string, unknown>): Promise<string> {
  const spec = openapi as unknown as Spec;
  const ops = Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );
  const tags = [...new Set(ops.map((o) => o.op.tags[0]))];
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${spec.info.title} reference</title>
<style>${REFERENCE_STYLE}</style>
</head>
<body>
<h1>${spec.info.title}</h1>
<p>Version ${spec.info.version}. Machine-readable: <a href="/v1/openapi.json">/v1/openapi.json</a> (OpenAPI 3.1).</p>
<nav aria-label="Resources">${tags.map((t) => html`<a href="#${slug(t)}">${t}</a>`)}</nav>
${tags.map(
  (tag) => html`<section id="${slug(tag)}"><h2>${tag}</h2>${ops.filter((o) => o.op.tags[0] === tag).map((o) => operation(o.path, o.method, o.op))}</section>`,
)}
</body>
</html>`;
  return (await page).toString();
}
