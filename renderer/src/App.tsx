import { useEffect } from 'react';
import { AnalyzeScreen } from './features/analyze/AnalyzeScreen.js';
import { CommitScreen } from './features/commit/CommitScreen.js';
import { ConfigurationsScreen } from './features/configurations/ConfigurationsScreen.js';
import { OptionsScreen } from './features/options/OptionsScreen.js';
import { PromptsScreen } from './features/prompts/PromptsScreen.js';
import { ReportsScreen } from './features/reports/ReportsScreen.js';
import { ReviewScreen } from './features/review/ReviewScreen.js';
import { prefetchScriptMerges, prepareMergeEditorDuringAnalysis, ScriptScreen } from './features/scriptMerge/ScriptScreen.js';
import { UtilitiesScreen } from './features/utilities/UtilitiesScreen.js';
import { SavedAnswersOffer, SaveStatus, useLeaveGuard } from './features/savedAnswers/SavedAnswersOffer.js';
import { promptCounterText, selectPromptsLeft } from './store/selectors.js';
import { SCREENS, type Screen } from './store/uiSlice.js';
import { useActions, useAppStore, useAppStoreApiInstance, useAppStoreShallow } from './store/useAppStore.js';

interface Step {
  screen: Screen;
  label: string;
  enabled: boolean;
  done: boolean;
  hint?: string;
}

function TopBar() {
  const { pair, analysis } = useAppStoreShallow((s) => ({ pair: s.pair, analysis: s.analysis }));
  const left = useAppStore(selectPromptsLeft);
  const actions = useActions();
  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          C
        </span>
        Carryover
      </div>
      {pair ? (
        <div className="pair-summary" aria-label="Current pair">
          <span className="side" title={pair.source.root}>
            <span className="side-label">Source</span>
            <span className="side-name">{pair.source.name}</span>
          </span>
          <span className="arrow" aria-hidden="true">
            →
          </span>
          <span className="side" title={pair.target.root}>
            <span className="side-label">Target</span>
            <span className="side-name">{pair.target.name}</span>
          </span>
        </div>
      ) : null}
      <span className="spacer" />
      {analysis ? (
        <div className="prompt-nav">
          <SaveStatus />
          <span role="status" aria-live="polite" className={`prompt-counter ${left > 0 ? 'has-left' : 'none-left'}`}>
            {promptCounterText(left)}
          </span>
          <button
            type="button"
            className="btn small"
            onClick={() => actions.previousPrompt()}
            disabled={analysis.prompts.length === 0}
            aria-keyshortcuts="Alt+P"
            title="Alt+P"
          >
            ‹ Previous prompt
          </button>
          <button
            type="button"
            className="btn small"
            onClick={() => actions.nextPrompt()}
            disabled={analysis.prompts.length === 0}
            aria-keyshortcuts="Alt+N"
            title="Alt+N"
          >
            Next prompt ›
          </button>
        </div>
      ) : null}
    </header>
  );
}

function SideNav({ steps, current }: { steps: Step[]; current: Screen }) {
  const active = current === 'script' ? 'prompts' : current;
  return (
    <nav className="sidenav" aria-label="Steps">
      {steps.map((step, i) => (
        <a
          key={step.screen}
          href={`#/${step.screen}`}
          aria-current={active === step.screen ? 'page' : undefined}
          aria-disabled={!step.enabled || undefined}
          tabIndex={step.enabled ? undefined : -1}
        >
          <span className={`step-number${step.done && active !== step.screen ? ' done' : ''}`} aria-hidden="true">
            {step.done && active !== step.screen ? '✓' : i + 1}
          </span>
          {step.label}
          {step.hint ? <span className="step-hint">{step.hint}</span> : null}
        </a>
      ))}
      <div className="nav-footer">
        <kbd>Alt</kbd>+<kbd>N</kbd> / <kbd>Alt</kbd>+<kbd>P</kbd> next / previous prompt
        <br />
        <kbd>F7</kbd> / <kbd>⇧F7</kbd> next / previous conflict
      </div>
    </nav>
  );
}

function Banner() {
  const banner = useAppStore((s) => s.banner);
  const actions = useActions();
  if (!banner) return null;
  return (
    <div className={`banner ${banner.kind} app-banner`} role={banner.kind === 'error' ? 'alert' : 'status'}>
      <div className="banner-body">{banner.message}</div>
      <button type="button" className="btn small" onClick={actions.dismissBanner} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}

function CurrentScreen({ screen }: { screen: Screen }) {
  switch (screen) {
    case 'configurations':
      return <ConfigurationsScreen />;
    case 'options':
      return <OptionsScreen />;
    case 'analyze':
      return <AnalyzeScreen />;
    case 'review':
      return <ReviewScreen />;
    case 'prompts':
      return <PromptsScreen />;
    case 'script':
      return <ScriptScreen />;
    case 'commit':
      return <CommitScreen />;
    case 'reports':
      return <ReportsScreen />;
    case 'utilities':
      return <UtilitiesScreen />;
  }
}

export function App() {
  const { screen, pair, analysis, outcome, job, viewed } = useAppStoreShallow((s) => ({
    screen: s.screen,
    pair: s.pair,
    analysis: s.analysis,
    outcome: s.outcome,
    job: s.job,
    viewed: s.viewedReport,
  }));
  const left = useAppStore(selectPromptsLeft);
  const actions = useActions();
  const store = useAppStoreApiInstance();
  useLeaveGuard();

  const steps: Step[] = [
    { screen: 'configurations', label: 'Configurations', enabled: true, done: pair !== null },
    { screen: 'options', label: 'Options', enabled: pair !== null, done: analysis !== null },
    { screen: 'analyze', label: 'Analyze', enabled: pair !== null, done: analysis !== null, hint: job?.kind === 'analysis' ? '…' : undefined },
    { screen: 'review', label: 'Review', enabled: analysis !== null, done: false },
    {
      screen: 'prompts',
      label: 'Prompts',
      enabled: analysis !== null,
      done: analysis !== null && left === 0,
      hint: analysis && left > 0 ? String(left) : undefined,
    },
    { screen: 'commit', label: 'Commit', enabled: analysis !== null, done: outcome !== null },
    { screen: 'reports', label: 'Reports', enabled: true, done: viewed !== null },
    { screen: 'utilities', label: 'Utilities', enabled: pair !== null, done: false },
  ];

  // Monaco loads while an analysis runs, for the first Edit (docs/performance.md).
  const analyzing = job?.kind === 'analysis';
  useEffect(() => (analyzing ? prepareMergeEditorDuringAnalysis() : undefined), [analyzing]);
  // ... and the merge models of the first script prompts are built once it ends.
  useEffect(() => {
    if (!analysis) return undefined;
    const { currentPromptId, answers } = store.getState();
    return prefetchScriptMerges(analysis.prompts, currentPromptId, answers);
  }, [analysis, store]);

  // The URL's hash follows the screen, and the browser's back and forward move between screens.
  useEffect(() => {
    const onHash = (): void => {
      const wanted = window.location.hash.replace(/^#\/?/, '') as Screen;
      if (!SCREENS.includes(wanted) || wanted === 'script') return;
      const step = steps.find((s) => s.screen === wanted);
      if (step?.enabled) actions.go(wanted);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  });
  useEffect(() => {
    const target = `#/${screen}`;
    if (window.location.hash !== target) window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${target}`);
  }, [screen]);

  // Alt+N / Alt+P anywhere (by key position, so any keyboard layout works).
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.code !== 'KeyN' && e.code !== 'KeyP') return;
      const state = store.getState();
      if (!state.analysis || state.screen === 'script') return;
      e.preventDefault();
      if (e.code === 'KeyN') actions.nextPrompt();
      else actions.previousPrompt();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [actions, store]);

  return (
    <div className="app">
      <TopBar />
      <SideNav steps={steps} current={screen} />
      <main className="main">
        <Banner />
        <SavedAnswersOffer />
        <CurrentScreen screen={screen} />
      </main>
    </div>
  );
}
