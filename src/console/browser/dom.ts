/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// A few lines of DOM building instead of a framework: text always goes in as text nodes, never as HTML, so
// nothing recorded at sea (a vessel name, a justification) can inject markup into the page.

export type Child = Node | string | number | null | undefined | false | Child[];
type Handler = (event: Event) => void;
export type Attrs = Record<string, string | number | boolean | Handler | null | undefined>;

function append(parent: Node, child: Child): void {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    for (const c of child) append(parent, c);
    return;
  }
  parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
}

function setAttrs(el: Element, attrs: Attrs | null | undefined): void {
  if (!attrs) return;
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') {
      el.addEventListener(name.replace(/^on/, ''), value);
    } else if (name === 'value' && 'value' in el) {
      (el as HTMLInputElement).value = String(value);
    } else if (name === 'checked' && el instanceof HTMLInputElement) {
      // the attribute too, so a form reset returns to it
      el.setAttribute('checked', '');
      el.checked = true;
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  for (const c of children) append(el, c);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  for (const c of children) append(el, c);
  return el;
}

// Replaces a live section's content; keyboard users keep their place when a live update redraws it.
export function fill(container: Element, ...children: Child[]): void {
  const active = document.activeElement;
  const key = active && container.contains(active) ? active.getAttribute('data-key') : null;
  container.replaceChildren();
  for (const c of children) append(container, c);
  if (key) {
    const again = container.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`);
    again?.focus();
  }
}

// Small inline icons: no icon font to fetch, nothing that depends on an emoji font being installed.
export function icon(name: 'life' | 'warning' | 'clock' | 'check' | 'cross' | 'lock'): SVGSVGElement {
  const paths: Record<typeof name, string> = {
    // a lifebuoy
    life: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 5a5 5 0 1 1 0 10 5 5 0 0 1 0-10zM5.2 5.2l3.3 3.3M18.8 5.2l-3.3 3.3M5.2 18.8l3.3-3.3M18.8 18.8l-3.3-3.3',
    warning: 'M12 3 2 21h20L12 3zm0 6v6m0 2.5v1',
    clock: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zm0 4v5l3 3',
    check: 'M4 12l5 5L20 6',
    cross: 'M6 6l12 12M18 6 6 18',
    lock: 'M6 11h12v10H6zM8.5 11V8a3.5 3.5 0 0 1 7 0v3',
  };
  return s(
    'svg',
    {
      class: `icon icon-${name}`,
      viewBox: '0 0 24 24',
      width: 18,
      height: 18,
      'aria-hidden': 'true',
      focusable: 'false',
    },
    s('path', {
      d: paths[name],
      fill: 'none',
      stroke: 'currentColor',
      'stroke-width': name === 'life' ? 2.2 : 2,
      'stroke-linecap': 'round',
      'stroke-linejoin': 'round',
    }),
  );
}

// The articles behind an action, refusal or verdict, shown the same way everywhere.
export function basisList(basis: readonly string[] | undefined): HTMLElement | null {
  if (!basis || basis.length === 0) return null;
  return h(
    'ul',
    { class: 'basis', 'aria-label': 'Legal basis' },
    basis.map((b) => h('li', null, b)),
  );
}
