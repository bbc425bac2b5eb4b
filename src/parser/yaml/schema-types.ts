/** The JSON Schema objects the generator builds: plain JSON, so the schema can be written to a file as is. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A mutable JSON Schema node under construction. */
export interface JsonSchema {
  [keyword: string]: JsonValue | JsonSchema | readonly (JsonSchema | boolean)[] | undefined;
}
