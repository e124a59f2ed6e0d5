// The calculators are the server's own module (server/calculators: pure, browser-safe), bundled into this page:
// the form and the nurse chat answers score with the same code. One implementation, two surfaces.
import { CALCULATORS, calculate } from '../../../../server/calculators/registry';
import { formatResult } from '../../../../server/calculators/format-result';
import type { CalculatorDef, CalculatorResult, FieldDef, Inputs } from '../../../../server/calculators/types';
import { fill, h, type Child } from '../../console/dom';
import { href } from '../../console/router';

const SHORT: Record<string, string> = {
  news2: 'NEWS2',
  qsofa: 'qSOFA',
  curb65: 'CURB-65',
  crb65: 'CRB-65',
  centor: 'Centor',
  mcisaac: 'McIsaac',
  feverpain: 'FeverPAIN',
  gcs: 'GCS',
  wells_dvt: 'Wells DVT',
  wells_pe: 'Wells PE',
  perc: 'PERC',
  fever_traffic_light: 'Fever traffic light (child)',
  rosier: 'ROSIER',
  westley: 'Westley (croup)',
};
export const shortName = (id: string) => SHORT[id] ?? id;

type FieldControl = { field: FieldDef; read(): Inputs[string]; clear(): void; el: HTMLElement };

function control(calc: CalculatorDef, field: FieldDef): FieldControl {
  const id = `calc-${calc.id}-${field.id}`;
  const help = field.help ? h('span', { class: 'hint', id: `${id}-help` }, field.help) : null;
  const describedBy = help ? `${id}-help` : null;
  if (field.type === 'number') {
    const input = h('input', {
      id,
      type: 'number',
      inputmode: 'decimal',
      step: 'any',
      min: field.min,
      max: field.max,
      'aria-describedby': describedBy,
      'data-testid': `calc-field-${field.id}`,
    });
    return {
      field,
      read: () => (input.value.trim() === '' ? undefined : input.value),
      clear: () => (input.value = ''),
      el: h('div', { class: 'field' }, h('label', { for: id }, field.label, field.unit ? h('span', { class: 'unit' }, ` (${field.unit})`) : null), input, help),
    };
  }
  if (field.type === 'choice') {
    const select = h(
      'select',
      { id, 'aria-describedby': describedBy, 'data-testid': `calc-field-${field.id}` },
      h('option', { value: '' }, 'Not given'),
      (field.options ?? []).map((o) => h('option', { value: o.id }, o.label)),
    );
    return {
      field,
      read: () => select.value || undefined,
      clear: () => (select.value = ''),
      el: h('div', { class: 'field' }, h('label', { for: id }, field.label), select, help),
    };
  }
  // Yes / no / not given: a missing answer is never read as "no" (server/calculators/README.md).
  const radios = (['yes', 'no', 'unset'] as const).map((v) =>
    h('input', { type: 'radio', name: id, id: `${id}-${v}`, value: v, checked: v === 'unset', 'data-testid': `calc-field-${field.id}-${v}` }),
  );
  const labels = { yes: 'Yes', no: 'No', unset: 'Not given' };
  return {
    field,
    read: () => {
      const v = radios.find((r) => r.checked)?.value;
      return v === 'yes' ? true : v === 'no' ? false : undefined;
    },
    clear: () => radios.forEach((r) => (r.checked = r.value === 'unset')),
    el: h(
      'fieldset',
      { class: 'field yesno', 'aria-describedby': describedBy },
      h('legend', null, field.label),
      h('div', { class: 'choices' }, radios.map((r) => h('label', { for: r.id, class: 'choice' }, r, ` ${labels[r.value as keyof typeof labels]}`))),
      help,
    ),
  };
}

function resultView(r: CalculatorResult, def: CalculatorDef): Child[] {
  const label = (id: string) => def.fields.find((f) => f.id === id)?.label ?? id;
  const complete = r.missing.length === 0;
  return [
    h('p', { class: `score ${complete ? '' : 'partial'}`, 'data-testid': 'calc-score' }, `${shortName(r.id)}: `, h('strong', null, String(r.score)), complete ? '' : ' (partial)'),
    h('p', { 'data-testid': 'calc-interpretation' }, r.interpretation),
    h('p', { class: 'escalation', 'data-testid': 'calc-escalation' }, h('strong', null, 'Escalation: '), r.escalation),
    r.missing.length ? h('p', { class: 'notice', 'data-testid': 'calc-missing' }, `Missing, so the result is partial: ${r.missing.map(label).join(', ')}.`) : null,
    h(
      'table',
      { 'data-testid': 'calc-components' },
      h('caption', { class: 'visually-hidden' }, 'Components'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Component'), h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col', class: 'num' }, 'Points'))),
      h(
        'tbody',
        null,
        r.components.map((c) =>
          h('tr', { 'data-testid': 'calc-component' }, h('td', null, c.label), h('td', null, c.value), h('td', { class: 'num' }, c.points === null ? '–' : c.points > 0 ? `+${c.points}` : String(c.points))),
        ),
      ),
    ),
    h('p', { class: 'muted', 'data-testid': 'calc-source' }, 'Source: ', h('a', { href: r.source.url, rel: 'noopener noreferrer', target: '_blank' }, r.source.name)),
  ];
}

/**
 * The clinical calculators as forms generated from their definitions (fields, units, ranges, help), scored live in the
 * browser by the same calculate() the nurse chat uses: components with their points, the result, the escalation it
 * implies, what is missing and the source.
 */
export function createCalculatorsView() {
  const forms = new Map<string, HTMLElement>();
  const list = h(
    'nav',
    { class: 'calc-list', 'aria-label': 'Calculators' },
    h('ul', null, CALCULATORS.map((c) => h('li', null, h('a', { href: href('calculators', c.id), 'data-calc': c.id, 'data-testid': `calc-link-${c.id}` }, shortName(c.id))))),
  );
  const panel = h('div', { class: 'calc-panel' });
  const root = h('div', null, h('h2', { tabindex: -1 }, 'Clinical calculators'), h('div', { class: 'calc-layout' }, list, panel));

  function formFor(def: CalculatorDef): HTMLElement {
    const controls = def.fields.map((f) => control(def, f));
    const result = h('div', { class: 'calc-result card', 'data-testid': 'calc-result' });
    // Only the interpretation is announced as it changes, not the whole table at every keystroke.
    const announce = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
    const copied = h('span', { class: 'muted', role: 'status' });
    let last: CalculatorResult | null = null;
    const update = () => {
      const inputs: Inputs = Object.fromEntries(controls.map((c) => [c.field.id, c.read()]));
      last = calculate(def.id, inputs);
      fill(result, h('h4', null, 'Result'), resultView(last, def));
      fill(announce, last.interpretation);
    };
    const form = h(
      'form',
      { class: 'calc-form card', 'data-testid': `calc-form-${def.id}`, 'aria-labelledby': `calc-title-${def.id}`, onsubmit: (e: Event) => e.preventDefault(), oninput: update, onchange: update },
      controls.map((c) => c.el),
      h(
        'div',
        { class: 'row' },
        h('button', { type: 'button', class: 'secondary', onclick: () => (controls.forEach((c) => c.clear()), update()) }, 'Clear'),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: async () => {
              if (!last) return;
              await navigator.clipboard?.writeText(formatResult(last)).then(
                () => fill(copied, 'Copied.'),
                () => fill(copied, 'Could not copy.'),
              );
            },
          },
          'Copy result as text',
        ),
        copied,
      ),
    );
    const el = h(
      'section',
      { class: 'calculator', 'data-testid': 'calculator', 'data-calc': def.id, 'aria-labelledby': `calc-title-${def.id}` },
      h('h3', { id: `calc-title-${def.id}` }, def.name),
      h('p', { class: 'muted' }, def.description),
      h('div', { class: 'calc-columns' }, form, result),
      announce,
    );
    update();
    return el;
  }

  return {
    render(section: HTMLElement, id: string | undefined) {
      if (!section.contains(root)) fill(section, root);
      const def = CALCULATORS.find((c) => c.id === id) ?? CALCULATORS[0];
      if (!forms.has(def.id)) forms.set(def.id, formFor(def));
      fill(panel, forms.get(def.id)!);
      for (const a of list.querySelectorAll('a')) {
        if (a.dataset.calc === def.id) a.setAttribute('aria-current', 'true');
        else a.removeAttribute('aria-current');
      }
    },
  };
}
