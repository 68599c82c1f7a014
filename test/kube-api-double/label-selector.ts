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

/** Field selectors the double supports: `metadata.name` and `metadata.namespace`, with = / == / !=. */
export function parseFieldSelector(selector: string | null): (object: { metadata?: { name?: string; namespace?: string } }) => boolean {
  if (!selector) return () => true;
  const requirements = selector.split(',').map((part) => {
    const match = /^\s*([\w.]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
    if (!match || !['metadata.name', 'metadata.namespace'].includes(match[1])) {
      throw new Error(`field label not supported: ${part}`);
    }
    const [, field, operator, value] = match;
    const key = field === 'metadata.name' ? 'name' : 'namespace';
    return (object: { metadata?: { name?: string; namespace?: string } }) => (object.metadata?.[key] === value) === (operator !== '!=');
  });
  return (object) => requirements.every((requirement) => requirement(object));
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
