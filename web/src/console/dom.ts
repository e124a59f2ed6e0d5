/**
 * Building DOM for the consoles. Text from the server (articles, replies, patients' messages, eval cases) only ever
 * becomes text nodes: there is no innerHTML anywhere in web/src (web/README.md).
 */
export type Child = Node | string | number | null | undefined | false | Child[];
type Listener = (event: Event) => void;
export type Attrs = Record<string, string | number | boolean | null | undefined | Listener>;

function append(parent: Node, child: Child): void {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) for (const c of child) append(parent, c);
  else parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
}

/** `h('button', { type: 'button', onclick: fn, 'data-testid': 'x' }, 'Label')`. Attributes set with setAttribute. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.replace(/^on/, ''), value);
    else if (key === 'value' && 'value' in el) (el as HTMLInputElement).value = String(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** Replaces an element's children. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** Date and time as a nurse reads it on this machine ("6 Dec 2026, 14:05"). */
export const when = (iso: string | null | undefined): string =>
  iso ? new Date(iso).toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }) : '';

/** "5 min", "2 h 10 min", "3 days": how long ago (or how long until, for a future time). */
export function duration(ms: number): string {
  const min = Math.max(0, Math.round(ms / 60_000));
  if (min < 60) return `${min} min`;
  const hours = Math.floor(min / 60);
  if (hours < 48) return `${hours} h${min % 60 ? ` ${min % 60} min` : ''}`;
  return `${Math.floor(hours / 24)} days`;
}

/** An element to announce changes in (screen readers read its new text). */
export const liveRegion = (testid?: string) => h('p', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-testid': testid });
