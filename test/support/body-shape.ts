import { locations, type Location } from './fuzz-arbitraries.js';

// LangGraph's own objects in a checkpoint body (at the top, or in each item of a batch): stored as
// the client sent them, so their keys and values are data, not fields the API describes.
const OPAQUE = new Set(['metadata', 'checkpoint']);
const isOpaque = (location: Location) => location.some((key) => OPAQUE.has(String(key)));

const valueAt = (body: unknown, location: Location) => location.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], body);

/** Every object of `body` (the root included) whose fields the API describes: where an unknown field is an error. */
export function describedObjects(body: Record<string, unknown>): Location[] {
  return locations(body).filter((location) => !isOpaque(location) && !Array.isArray(valueAt(body, location)));
}

/** Every scalar field of `body` that the API describes, with its location and value. */
export function describedLeaves(body: Record<string, unknown>): { location: Location; value: unknown }[] {
  return locations(body)
    .filter((location) => !isOpaque(location))
    .flatMap((location) => {
      const node = valueAt(body, location) as Record<string, unknown>;
      return Object.entries(node)
        .filter(([, value]) => typeof value !== 'object' || value === null)
        .map(([key, value]) => ({ location: [...location, Array.isArray(node) ? Number(key) : key], value }));
    });
}
