import { render } from 'preact';
import { Link, paths, useLocation } from './router.js';
import { ExperimentPage } from './pages/ExperimentPage.js';
import { ExperimentsPage } from './pages/ExperimentsPage.js';
import { ComparePage } from './pages/ComparePage.js';
import { NewExperimentPage } from './pages/NewExperimentPage.js';
import { TrialPage } from './pages/TrialPage.js';
import './styles.css';
import { useState } from 'preact/hooks';
import { chooseScheme, initColourScheme, schemeChoice, type SchemeChoice } from './colour-scheme.js';

initColourScheme();

/** Light, dark, or the system's: remembered in this browser. */
function SchemeChooser() {
  const [choice, setChoice] = useState(schemeChoice);
  return (
    <label class="scheme">
      Scheme{' '}
      <select
        name="scheme"
        value={choice}
        onChange={(event) => {
          const next = (event.target as HTMLSelectElement).value as SchemeChoice;
          chooseScheme(next);
          setChoice(next);
        }}
      >
        <option value="system">system</option>
        <option value="light">light</option>
        <option value="dark">dark</option>
      </select>
    </label>
  );
}

function Page({ url }: { url: URL }) {
  const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (segments.length === 0) return <ExperimentsPage url={url} />;
  if (segments[0] === 'new' && segments.length === 1) return <NewExperimentPage />;
  if (segments[0] === 'compare' && segments.length === 1) return <ComparePage url={url} />;
  if (segments[0] === 'experiments' && segments.length === 3) return <ExperimentPage key={segments.join('/')} url={url} namespace={segments[1]!} name={segments[2]!} />;
  if (segments[0] === 'experiments' && segments.length === 5 && segments[3] === 'trials') {
    return <TrialPage key={segments.join('/')} namespace={segments[1]!} name={segments[2]!} trial={segments[4]!} />;
  }
  return (
    <main>
      <h1>Not found</h1>
      <p>
        No page at {url.pathname}. <Link href={paths.experiments()}>All experiments</Link>
      </p>
    </main>
  );
}

function App() {
  const url = useLocation();
  return (
    <>
      <a class="skip-link" href="#content">
        Skip to content
      </a>
      <header class="top">
        <Link href={paths.experiments()} class="brand">
          kubetune
        </Link>
        <nav aria-label="Main">
          <Link href={paths.experiments()}>Experiments</Link>
          <Link href={paths.newExperiment()}>New experiment</Link>
          <a href="/docs">API</a>
        </nav>
        <SchemeChooser />
      </header>
      <div id="content" tabIndex={-1}>
        <Page url={url} />
      </div>
    </>
  );
}

render(<App />, document.getElementById('app')!);
