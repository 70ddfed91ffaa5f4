/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The console's shell: sign-in, the header with the UTC clock and the link status, the pages by URL hash,
// the stream, and one timer that keeps every time on the page current.
import { mayOpen, mayReadIndicators, mayTrain } from '../../policy.ts';
import type { ConsoleMeta } from '../meta.ts';
import { Api, tokenAccepted } from './api.ts';
import type { Ctx, Page } from './context.ts';
import { fill, h } from './dom.ts';
import { utc } from './format.ts';
import { eventFields } from './forms/fields.ts';
import { linkIndicator } from './link.ts';
import { LiveStream } from './live.ts';
import { CasePage } from './pages/case/index.ts';
import { DirectoryPage } from './pages/directory/index.ts';
import { IncomingPage } from './pages/incoming.ts';
import { ListPage } from './pages/list/index.ts';
import { ReportsPage } from './pages/reports/index.ts';
import { TrainingPage } from './pages/training.ts';
import { forgetToken, type Identity, identify, savedIdentity, saveToken } from './session.ts';
import { headerClock, tick } from './times.ts';

// Put in by the desk when it bundles this file (src/console/plugin.ts), from the machine's own tables.
declare const __DESK_META__: ConsoleMeta;
const META: ConsoleMeta = __DESK_META__;

const root = document.getElementById('app') as HTMLElement;
const announcer = h('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite', id: 'announcer' });
let page: Page | undefined;
let live: LiveStream | undefined;
let ticker: ReturnType<typeof setTimeout> | undefined;

function announce(message: string): void {
  // cleared first so the same words said twice are read twice
  announcer.textContent = '';
  setTimeout(() => {
    announcer.textContent = message;
  }, 50);
}

function signIn(message?: string): void {
  page?.unmount();
  page = undefined;
  live?.stop();
  live = undefined;
  clearTimeout(ticker);
  document.title = 'Sign in — Interception Desk';
  const error = h(
    'div',
    { class: 'signin-error', role: 'alert' },
    message ? h('p', { class: 'notice error' }, message) : null,
  );
  const token = h('textarea', {
    id: 'token',
    name: 'token',
    rows: 4,
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'token-hint',
  });
  const form = h(
    'form',
    {
      class: 'card signin',
      onsubmit: (e: Event) => {
        e.preventDefault();
        void trySignIn(token.value, error);
      },
    },
    h('h1', null, 'Interception Desk'),
    h(
      'p',
      null,
      'Decision support for the interception at sea of a vessel suspected of smuggling migrants (SoM Protocol arts 7-9). Life first.',
    ),
    h('label', { for: 'token' }, 'Your token'),
    token,
    h(
      'p',
      { class: 'hint', id: 'token-hint' },
      'Ask the desk host for one: ',
      h('code', null, 'npm run desk -- token --role operator'),
      '. It is kept in this browser tab only, until you sign out or close the tab.',
    ),
    error,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Sign in')),
  );
  fill(root, h('main', { id: 'main', class: 'signin-page' }, form), announcer);
  token.focus();
}

async function trySignIn(text: string, error: HTMLElement): Promise<void> {
  const id = identify(text);
  if (typeof id === 'string') {
    fill(error, h('p', { class: 'notice error' }, id));
    return;
  }
  let refused: string | undefined;
  const api = new Api(
    () => id.token,
    (m) => {
      refused = m;
    },
  );
  try {
    await api.get('/cases?status=open');
  } catch (err) {
    fill(
      error,
      h('p', { class: 'notice error' }, `The desk refused the token: ${refused ?? (err as Error).message}`),
    );
    return;
  }
  saveToken(id.token);
  start(id);
}

function start(identity: Identity): void {
  const api = new Api(
    () => identity.token,
    (message) => signIn(`You were signed out: ${message}. Sign in again with a valid token.`),
  );
  const link = linkIndicator(() => stream.retryNow());
  const stream = new LiveStream(
    {
      url: () =>
        `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/stream?token=${encodeURIComponent(identity.token)}`,
    },
    {
      onStatus: (s, info) => {
        link.show(s, info);
        page?.onLink?.(s);
      },
      onEvent: (m) => page?.onEvent?.(m),
      onOtherEvent: (m) => page?.onOtherEvent?.(m),
      onReset: (caseId, view) => page?.onReset?.(caseId, view),
      onTraining: (s) => page?.onTraining?.(s),
      // a 401 also signs the officer out (the Api's onUnauthorized)
      stillAuthorised: () => tokenAccepted(() => api.get('/cases?status=open')),
    },
  );
  live = stream;
  const ctx: Ctx = { api, identity, meta: META, fields: eventFields(META), live: stream, announce };
  const main = h('main', { id: 'main', tabindex: -1 });
  // a request from another State is addressed to the central authority alone (policy.ts)
  const incoming = mayOpen(identity.role, 'incoming-request', { training: false });
  const nav = h(
    'nav',
    { 'aria-label': 'Main' },
    h('a', { href: '#/' }, identity.role === 'trainer' ? 'Training cases' : 'Cases'),
    mayTrain(identity.role) ? h('a', { href: '#/training' }, 'Training sessions') : null,
    mayReadIndicators(identity.role) ? h('a', { href: '#/reports' }, 'Reports') : null,
    incoming ? h('a', { href: '#/incoming' }, 'Incoming request') : null,
    h('a', { href: '#/directory' }, 'Directory'),
  );
  const header = h(
    'header',
    { class: 'topbar' },
    h('a', { class: 'brand', href: '#/' }, 'Interception Desk'),
    nav,
    headerClock(api.now()),
    link.el,
    h(
      'div',
      { class: 'who' },
      h('span', { class: 'role' }, identity.role),
      h('span', { class: 'subject' }, identity.subject),
      identity.expiresAt
        ? h(
            'span',
            { class: 'hint' },
            `token until ${utc(new Date(identity.expiresAt * 1000).toISOString())}`,
          )
        : null,
      h(
        'button',
        {
          type: 'button',
          class: 'secondary small',
          onclick: () => {
            forgetToken();
            signIn('Signed out.');
          },
        },
        'Sign out',
      ),
    ),
  );
  fill(
    root,
    h(
      'a',
      {
        class: 'skip',
        href: '#main',
        onclick: (e: Event) => {
          e.preventDefault();
          main.focus();
        },
      },
      'Skip to content',
    ),
    header,
    main,
    announcer,
  );

  const route = () => {
    const hash = location.hash.replace(/^#/, '') || '/';
    page?.unmount();
    const caseMatch = /^\/case\/(.+)$/.exec(hash);
    page = caseMatch
      ? new CasePage(ctx, decodeURIComponent(caseMatch[1] as string))
      : hash === '/training' && mayTrain(identity.role)
        ? new TrainingPage(ctx)
        : hash === '/reports'
          ? new ReportsPage(ctx)
          : hash === '/incoming' && incoming
            ? new IncomingPage(ctx)
            : hash === '/directory'
              ? new DirectoryPage(ctx)
              : new ListPage(ctx);
    for (const a of nav.querySelectorAll('a')) {
      if (a.getAttribute('href') === `#${hash}`) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    fill(main, page.el);
    const current = page;
    void current.mount().then(() => {
      if (page !== current) return;
      document.title = `${current.title} — Interception Desk`;
      current.el.querySelector<HTMLElement>('h1')?.focus();
    });
  };
  window.onhashchange = route;
  stream.start();
  route();

  // on the turn of each second of the desk's clock, so the header's seconds change when the desk's do
  const run = () => {
    tick(document, api.now(), api.deskTime);
    ticker = setTimeout(run, 1000 - (api.now() % 1000) + 5);
  };
  clearTimeout(ticker);
  run();
}

const saved = savedIdentity();
if (saved) start(saved);
else signIn();
