/**
 * Katib's successCondition / failureCondition are GJSON paths over the trial
 * object (e.g. `status.conditions.#(type=="Complete")#|#(status=="True")#`).
 * This evaluates the part of GJSON's path syntax those conditions use: keys
 * (with `\.` escapes), array indexes, `#` (length), `#(query)` (first match),
 * `#(query)#` (all matches), `.` that maps over the matches of a `#(...)#`,
 * and `|` that treats them as one array. Queries compare a sub-path with a
 * JSON literal by ==, !=, <, <=, >, >=, % (glob) or !%, or test that it exists.
 */
export function conditionHolds(object: unknown, path: string): boolean {
  const value = evaluatePath(object, path);
  if (value === undefined || value === null || value === false) return false;
  // An empty result array ("no condition of that type") does not hold.
  return !(Array.isArray(value) && value.length === 0);
}

export function evaluatePath(object: unknown, path: string): unknown {
  let value: unknown = object;
  for (const pipeSegment of splitOutsideParentheses(path, '|')) {
    let multiple = false;
    for (const component of splitOutsideParentheses(pipeSegment, '.')) {
      if (multiple && Array.isArray(value)) {
        value = value.map((item) => step(item, component).value).filter((item) => item !== undefined);
        continue;
      }
      const result = step(value, component);
      value = result.value;
      multiple = result.multiple;
      if (value === undefined) return undefined;
    }
  }
  return value;
}

function step(value: unknown, component: string): { value: unknown; multiple: boolean } {
  if (component === '#') return { value: Array.isArray(value) ? value.length : undefined, multiple: false };
  const query = /^#\((.*)\)(#?)$/s.exec(component);
  if (query) {
    if (!Array.isArray(value)) return { value: undefined, multiple: false };
    const matches = value.filter((item) => queryMatches(item, query[1]));
    return query[2] === '#' ? { value: matches, multiple: true } : { value: matches[0], multiple: false };
  }
  const key = component.replace(/\\(.)/g, '$1');
  if (Array.isArray(value)) return { value: /^\d+$/.test(key) ? value[Number(key)] : undefined, multiple: false };
  if (value !== null && typeof value === 'object') return { value: (value as Record<string, unknown>)[key], multiple: false };
  return { value: undefined, multiple: false };
}

const QUERY = /^(.*?)\s*(==|!=|<=|>=|!%|<|>|%)\s*(.+)$/s;

function queryMatches(item: unknown, query: string): boolean {
  const comparison = QUERY.exec(query);
  if (!comparison) return evaluatePath(item, query.trim()) !== undefined;
  const [, leftPath, operator, literal] = comparison;
  const left = leftPath.trim() === '' ? item : evaluatePath(item, leftPath.trim());
  if (left === undefined) return false;
  const right = parseLiteral(literal.trim());
  switch (operator) {
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    case '%':
      return typeof left === 'string' && typeof right === 'string' && globMatches(left, right);
    case '!%':
      return typeof left === 'string' && typeof right === 'string' && !globMatches(left, right);
    default:
      return compareOrdered(left, right, operator);
  }
}

function compareOrdered(left: unknown, right: unknown, operator: string): boolean {
  if (typeof left !== typeof right || (typeof left !== 'number' && typeof left !== 'string')) return false;
  const [a, b] = [left as number | string, right as number | string];
  if (operator === '<') return a < b;
  if (operator === '<=') return a <= b;
  if (operator === '>') return a > b;
  return a >= b;
}

function parseLiteral(literal: string): unknown {
  try {
    return JSON.parse(literal);
  } catch {
    // GJSON accepts bare words; they compare as strings.
    return literal;
  }
}

function globMatches(text: string, pattern: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, 's').test(text);
}

/** Splits on `separator` where it is neither inside `#(...)`, nor inside a quoted literal, nor escaped. */
function splitOutsideParentheses(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && i + 1 < text.length) {
      current += char + text[++i];
      continue;
    }
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '(') depth++;
    else if (!quoted && char === ')') depth--;
    if (char === separator && depth === 0 && !quoted) {
      parts.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  parts.push(current);
  return parts.filter((part) => part !== '');
}
