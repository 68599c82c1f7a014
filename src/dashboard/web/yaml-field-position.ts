import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

/** Where in the YAML text an API field error points: a character range and its 1-based line. */
export interface FieldPosition {
  from: number;
  to: number;
  line: number;
}

export interface LocatedError {
  path: string;
  message: string;
  position: FieldPosition;
}

/**
 * `spec.parameters[1].feasibleSpace.max` to its segments, the inverse of the
 * API's fieldPath (src/katib/spec/field-error.ts): bracketed segments are
 * indices when numeric, else keys that are not plain identifiers.
 */
export function parseFieldPath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const match of path.matchAll(/\[([^\]]*)\]|([^.[\]]+)/g)) {
    if (match[1] !== undefined) segments.push(/^\d+$/.test(match[1]) ? Number(match[1]) : match[1]);
    else segments.push(match[2]!);
  }
  return segments;
}

/**
 * The position of the field `path` names in `text`: the key's line for a map
 * entry (`max: "1"`), the item's for a list entry. A field that is missing
 * (a required one) points at its nearest parent that exists, so the error is
 * still shown where it has to be fixed; a path that names nothing at all
 * points at the first line.
 */
export function fieldPosition(text: string, path: string): FieldPosition {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, keepSourceTokens: false });
  let node: unknown = document.contents;
  let range: [number, number] = rangeOf(node) ?? [0, lineEnd(text, 0)];
  for (const segment of parseFieldPath(path)) {
    if (typeof segment === 'string' && isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === segment);
      if (!pair) break;
      const key = rangeOf(pair.key);
      const value = rangeOf(pair.value);
      range = key ? [key[0], isScalar(pair.value) && value ? value[1] : key[1]] : (value ?? range);
      node = pair.value;
    } else if (typeof segment === 'number' && isSeq(node)) {
      const item = node.items[segment];
      if (item === undefined) break;
      const itemRange = rangeOf(item);
      if (itemRange) range = [itemRange[0], Math.min(itemRange[1], lineEnd(text, itemRange[0]))];
      node = item;
    } else {
      break;
    }
  }
  return { from: range[0], to: Math.max(range[1], range[0]), line: lineCounter.linePos(range[0]).line };
}

/**
 * The API's `errors` ("<path>: <message>") placed in the text. A syntax
 * error names the manifest as a whole and its own line and column, which win.
 */
export function locateErrors(text: string, errors: readonly string[]): LocatedError[] {
  return errors.map((error) => {
    const split = error.indexOf(': ');
    const path = split < 0 ? 'manifest' : error.slice(0, split);
    const message = split < 0 ? error : error.slice(split + 2);
    const stated = /at line (\d+), column (\d+)/.exec(message);
    if (stated) {
      const from = offsetOfLine(text, Number(stated[1])) + Number(stated[2]) - 1;
      return { path, message, position: { from, to: lineEnd(text, from), line: Number(stated[1]) } };
    }
    return { path, message, position: fieldPosition(text, path) };
  });
}

function rangeOf(node: unknown): [number, number] | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? [range[0], range[1]] : undefined;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

function offsetOfLine(text: string, line: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset;
}
