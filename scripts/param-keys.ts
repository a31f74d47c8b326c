import * as z from 'zod';

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; in?: z.ZodType; out?: z.ZodType; options?: z.ZodType[]; element?: z.ZodType; getter?: () => z.ZodType };

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The schemas a value may be checked by, wrappers (optional, clearable, preprocess, unions) taken off. */
function forms(schema: z.ZodType): z.ZodType[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional': case 'nullable': case 'default': case 'prefault': case 'readonly': case 'catch': case 'nonoptional':
      return forms(def.innerType!);
    case 'pipe':
      return forms(defOf(def.in!).type === 'transform' ? def.out! : def.in!);
    case 'union':
      return def.options!.flatMap(forms);
    case 'lazy':
      return forms(def.getter!());
    default:
      return [schema];
  }
}

/** Why a parameter is refused as not supported (params.ts `notSupported`), or undefined. */
export function notSupportedWhy(schema: z.ZodType): string | undefined {
  for (const form of forms(schema)) {
    const description = z.globalRegistry.get(form)?.description;
    if (description?.startsWith('Not supported: ')) return description.slice('Not supported: '.length);
  }
  return undefined;
}

/** The keys of the hashes a parameter accepts (itself, or each item of a list), or null when it takes no hash. */
export function hashShape(schema: z.ZodType): Record<string, z.ZodType> | null {
  let shape: Record<string, z.ZodType> | null = null;
  for (const form of forms(schema)) {
    const def = defOf(form);
    const object = def.type === 'array' ? forms(def.element!).find((f) => defOf(f).type === 'object') : def.type === 'object' ? form : undefined;
    if (object) shape = Object.assign(shape ?? {}, defOf(object).shape);
  }
  return shape;
}
