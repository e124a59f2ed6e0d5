/**
 * The only way the widget creates content: elements with attributes and text nodes. Text from the person or the
 * server is only ever written as text nodes (no innerHTML), so nothing they type or receive can run.
 */
export type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | null | undefined> | null;

/** el('div', { class: 'x', 'data-testid': 'y' }, 'text', childNode): strings become text nodes. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = String(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) append(node, child);
  return node;
}

export function append(parent: Node, child: Child): void {
  if (child === undefined || child === null || child === false) return;
  if (Array.isArray(child)) child.forEach((c) => append(parent, c));
  else if (typeof child === 'string' || typeof child === 'number') parent.appendChild(document.createTextNode(String(child)));
  else parent.appendChild(child);
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

export const asString = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A tel: link for a phone number, or null when it has no digits. */
export function telHref(number: unknown): string | null {
  const digits = String(number ?? '').replace(/[^0-9+]/g, '');
  return digits ? `tel:${digits}` : null;
}
