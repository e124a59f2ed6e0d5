import { h } from './dom';

/** A console's place: `#/<view>/<arg>/<arg>` ("#/article/nurse-news2", "#/compare/<a>/<b>"). */
export type Route = { view: string; args: string[] };

export function currentRoute(fallback: string): Route {
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  return parts.length ? { view: parts[0], args: parts.slice(1) } : { view: fallback, args: [] };
}

export const href = (view: string, ...args: string[]) => `#/${[view, ...args].map(encodeURIComponent).join('/')}`;

/**
 * The console's sections as a navigation list of links (`aria-current="page"` on the active one) and a hash router:
 * each route shows its section and calls its render function; moving to another section puts the focus on its heading.
 */
export function createRouter(opts: {
  nav: HTMLElement;
  views: HTMLElement;
  sections: { id: string; label: string; also?: string[]; testid?: string }[];
  fallback: string;
  render(route: Route, section: HTMLElement): void | Promise<void>;
}) {
  const links = new Map<string, HTMLAnchorElement>();
  const sections = new Map<string, HTMLElement>();
  const list = h('ul');
  for (const s of opts.sections) {
    const a = h('a', { href: href(s.id), 'data-testid': s.testid ?? `nav-${s.id}` }, s.label);
    links.set(s.id, a);
    list.appendChild(h('li', null, a));
    const section = h('section', { class: 'view', 'data-view': s.id, hidden: true });
    sections.set(s.id, section);
    opts.views.appendChild(section);
  }
  opts.nav.replaceChildren(list);
  const owner = (view: string) => opts.sections.find((s) => s.id === view || s.also?.includes(view)) ?? opts.sections.find((s) => s.id === opts.fallback)!;

  let last = '';
  async function show(focus: boolean) {
    const route = currentRoute(opts.fallback);
    const s = owner(route.view);
    for (const [id, el] of sections) el.hidden = id !== s.id;
    for (const [id, a] of links) {
      if (id === s.id) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    const section = sections.get(s.id)!;
    await opts.render(route, section);
    const key = `${route.view}/${route.args.join('/')}`;
    if (focus && key !== last) section.querySelector<HTMLElement>('h2')?.focus();
    last = key;
  }
  window.addEventListener('hashchange', () => void show(true));
  return {
    start: () => show(false),
    /** Sets a label's extra text (a count of waiting requests). */
    link: (id: string) => links.get(id),
    refresh: () => show(false),
  };
}
