import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** The browser's location, re-read whenever the app navigates or the user goes back. */
export function useLocation(): URL {
  const [url, setUrl] = useState(() => new URL(window.location.href));
  useEffect(() => {
    const update = () => setUrl(new URL(window.location.href));
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return url;
}

export function navigate(href: string, { replace = false } = {}): void {
  if (replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/** Changes query parameters in place (filters, sort, page), so every view has its own URL. */
export function setQuery(changes: Record<string, string | undefined>): void {
  const url = new URL(window.location.href);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === '') url.searchParams.delete(key);
    else url.searchParams.set(key, value);
  }
  navigate(url.pathname + url.search, { replace: true });
}

export function Link({ href, children, ...rest }: { href: string; children: ComponentChildren; class?: string; title?: string }) {
  const onClick = (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}

export const paths = {
  experiments: () => '/',
  newExperiment: () => '/new',
  compare: (ids: string[]) => `/compare?${ids.map((id) => `e=${encodeURIComponent(id)}`).join('&')}`,
  experiment: (namespace: string, name: string) => `/experiments/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`,
  trial: (namespace: string, name: string, trial: string) =>
    `/experiments/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/trials/${encodeURIComponent(trial)}`,
};
