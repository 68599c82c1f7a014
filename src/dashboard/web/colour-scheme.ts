/**
 * Light or dark: the system's preference unless the user picked one, which is
 * remembered in localStorage. The effective scheme is on <html data-theme>,
 * where the stylesheet reads it; charts re-theme on the change event.
 */
export type Scheme = 'light' | 'dark';
export type SchemeChoice = Scheme | 'system';

const STORAGE_KEY = 'kubetune.colour-scheme';
const CHANGE_EVENT = 'kubetune:colour-scheme';
const systemDark = () => window.matchMedia('(prefers-color-scheme: dark)');

export function schemeChoice(): SchemeChoice {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

export function effectiveScheme(): Scheme {
  const choice = schemeChoice();
  if (choice !== 'system') return choice;
  return systemDark().matches ? 'dark' : 'light';
}

function apply(): void {
  const scheme = effectiveScheme();
  document.documentElement.dataset.theme = scheme;
  document.documentElement.style.colorScheme = scheme;
}

export function chooseScheme(choice: SchemeChoice): void {
  if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
  else localStorage.setItem(STORAGE_KEY, choice);
  apply();
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

/** Calls `listener` whenever the effective scheme may have changed (a choice, or the system's preference); returns the unsubscribe. */
export function onSchemeChange(listener: () => void): () => void {
  const media = systemDark();
  window.addEventListener(CHANGE_EVENT, listener);
  media.addEventListener('change', listener);
  return () => {
    window.removeEventListener(CHANGE_EVENT, listener);
    media.removeEventListener('change', listener);
  };
}

/** Applies the stored choice before the first render, and follows the system while the choice is "system". */
export function initColourScheme(): void {
  apply();
  systemDark().addEventListener('change', apply);
}
