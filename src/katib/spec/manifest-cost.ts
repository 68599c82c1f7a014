/**
 * Bounds on what parsing a manifest may cost, checked by one cheap pass over
 * the text before any parser sees it. The YAML parser's time grows with the
 * documents, nodes and nesting it builds, not only with the length (its
 * duplicate-key check makes a wide mapping quadratic): a 1 MiB body of `---`
 * lines took seconds, blocking every other request. Katib manifests are far
 * inside these bounds (the examples: one document, under 100 nodes, nesting 2).
 */
export const MANIFEST_LIMITS = {
  /** `kubectl apply -f` files with several objects, and then some. */
  documents: 100,
  /** Flow collections (`[`, `{`) open at once; JSON nests only this way. */
  nesting: 64,
  /** Mapping keys, sequence entries and flow items; about 100 ms of parsing on a loaded machine. */
  nodes: 2_000,
} as const;

const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/**
 * Why parsing `text` would cost too much, or undefined. The count is an
 * upper bound, never an exact parse: a bracket or a `key: ` inside a string or
 * a block scalar counts too, which only a body near the bounds would notice.
 */
export function manifestCostProblem(text: string): string | undefined {
  let documents = 0;
  DOCUMENT_MARKER.lastIndex = 0;
  while (DOCUMENT_MARKER.exec(text)) {
    if (++documents > MANIFEST_LIMITS.documents) {
      return `holds more than ${MANIFEST_LIMITS.documents} YAML documents; submit the Experiment alone`;
    }
  }
  let depth = 0;
  let nodes = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '[' || char === '{') {
      if (++depth > MANIFEST_LIMITS.nesting) return `nests collections more than ${MANIFEST_LIMITS.nesting} levels deep`;
    } else if (char === ']' || char === '}') {
      depth = Math.max(0, depth - 1);
    } else if (char === ',' || (char === ':' && isBlankOrEnd(text, i + 1)) || (char === '-' && isBlankOrEnd(text, i - 1) && isBlankOrEnd(text, i + 1))) {
      if (++nodes > MANIFEST_LIMITS.nodes) return `has more than ${MANIFEST_LIMITS.nodes} keys and list items; an Experiment needs far fewer`;
    }
  }
  return undefined;
}

function isBlankOrEnd(text: string, at: number): boolean {
  if (at < 0 || at >= text.length) return true;
  const char = text[at];
  return char === ' ' || char === '\n' || char === '\t' || char === '\r';
}
