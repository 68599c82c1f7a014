/**
 * Kubernetes label selectors as the API server reads them: `a=b`, `a==b`,
 * `a!=b`, `a in (x,y)`, `a notin (x)`, `a` (exists) and `!a`, joined by commas.
 */
export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

export function parseLabelSelector(selector: string | null): LabelMatcher {
  if (!selector) return () => true;
  const requirements = splitRequirements(selector).map(parseRequirement);
  return (labels = {}) => requirements.every((requirement) => requirement(labels));
}

/**
 * Field selectors: `metadata.name`, `metadata.namespace` and, for Events,
 * `involvedObject.*`, `reason` and `type`, with = / == / !=.
 */
export function parseFieldSelector(selector: string | null): (object: object) => boolean {
  if (!selector) return () => true;
  const requirements = selector.split(',').map((part) => {
    const match = /^\s*([\w.]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
    if (!match || !SELECTABLE_FIELDS.test(match[1])) throw new Error(`field label not supported: ${part}`);
    const [, field, operator, value] = match;
    return (object: object) => (String(fieldValue(object, field) ?? '') === value) === (operator !== '!=');
  });
  return (object) => requirements.every((requirement) => requirement(object));
}

const SELECTABLE_FIELDS = /^(metadata\.(name|namespace)|involvedObject\.(kind|name|namespace|uid|apiVersion)|reason|type)$/;

function fieldValue(object: object, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), object);
}

function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter(Boolean);
}

function parseRequirement(text: string): (labels: Record<string, string>) => boolean {
  const set = /^(\S+)\s+(in|notin)\s+\((.*)\)$/.exec(text);
  if (set) {
    const values = set[3].split(',').map((value) => value.trim());
    return set[2] === 'in' ? (labels) => values.includes(labels[set[1]]) : (labels) => !values.includes(labels[set[1]]);
  }
  const equality = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(text);
  if (equality) {
    const [, key, operator, value] = equality;
    return operator === '!=' ? (labels) => labels[key] !== value : (labels) => labels[key] === value;
  }
  if (text.startsWith('!')) return (labels) => !(text.slice(1) in labels);
  return (labels) => text in labels;
}
