import { z } from 'zod';

/** What the OpenAPI document says of a schema registered as a component. */
export interface ApiSchemaMeta {
  id: string;
  description?: string;
}

/**
 * The zod schemas that are the OpenAPI document's `components.schemas`. Each
 * domain registers the schemas it validates with (or that describe what it
 * answers) where they are defined, so the document is generated from the
 * same source the code checks against and nothing is copied by hand; a
 * schema nested in another registered one becomes a `$ref` to it.
 */
export const apiSchemas = z.registry<ApiSchemaMeta>();

/** Registers `schema` as the component `id` and returns it unchanged, for use at its definition. */
export function apiComponent<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  apiSchemas.add(schema, description === undefined ? { id } : { id, description });
  return schema;
}

/** A `$ref` to a registered component, for the route decorators. */
export function schemaRef(schema: z.ZodType): { $ref: string } {
  const meta = apiSchemas.get(schema);
  if (!meta) throw new Error('schemaRef: the schema is not registered with apiComponent');
  return { $ref: componentPath(meta.id) };
}

/** For schemas whose transform normalises what they read: the JSON a client may send, which zod cannot infer. */
const inputSides = new WeakMap<object, object>();

/**
 * Declares what `schema` accepts as input when a transform hides it (Katib
 * types `min: "0.01"` as text, YAML reads it as a number, and the schema takes
 * both), so a client generated from the document may send either.
 */
export function acceptsAsInput<T extends z.ZodType>(schema: T, jsonSchema: object): T {
  inputSides.set(schema, jsonSchema);
  return schema;
}

function componentPath(id: string): string {
  return `#/components/schemas/${id}`;
}

/**
 * Every registered schema as OpenAPI 3.0 schema objects. Read as input, so a
 * request schema shows what a client may send (before zod's normalising
 * transforms); response schemas have no transforms, so input and output agree.
 */
export function openApiComponents(): Record<string, object> {
  const { schemas } = z.toJSONSchema(apiSchemas, {
    target: 'openapi-3.0',
    io: 'input',
    // A transform has no JSON form; its input side is what the document describes.
    unrepresentable: 'any',
    uri: componentPath,
    override: ({ zodSchema, jsonSchema }) => {
      const input = inputSides.get(zodSchema);
      if (!input) return;
      for (const key of Object.keys(jsonSchema)) delete jsonSchema[key];
      Object.assign(jsonSchema, input);
    },
  });
  // zod names each component with $id, which OpenAPI 3.0 has no keyword for: the component's key names it.
  return Object.fromEntries(Object.entries(schemas).map(([id, { $id: _id, ...schema }]) => [id, schema]));
}
