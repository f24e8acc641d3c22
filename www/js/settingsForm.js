// A form generated from setting declarations, as the server sends them
// (GET /plugins, /scripts/{name}/settings, /settings/runtime): key, type,
// default, description, secret, min/max, choices, apply, value, source,
// and for a host setting applied at a restart, restartPending.
// The page knows no plugin or script: everything comes from the
// declarations. Secrets are write-only: their field starts empty and an
// empty secret field means "unchanged".
import { h } from './dom.js';
import { t } from './i18n.js';
import { button, messageLine } from './ui.js';

function input(item, id) {
  const value = item.secret ? '' : (item.value ?? '');
  const attrs = { id, name: item.key, 'data-key': item.key, disabled: item.source === 'set' };
  if (item.type === 'bool') {
    return h('select', attrs, ['', 'true', 'false'].map((v) =>
      h('option', { value: v, selected: v === value }, v === '' ? t('form.default', { value: item.default || '—' }) : v)));
  }
  if (item.type === 'choice') {
    return h('select', attrs, [''].concat(item.choices || []).map((v) =>
      h('option', { value: v, selected: v === value }, v === '' ? t('form.default', { value: item.default || '—' }) : v)));
  }
  const type = item.secret ? 'password' : (item.type === 'int' || item.type === 'number') ? 'number' : item.type === 'url' ? 'url' : 'text';
  const placeholder = item.secret ? (item.value ? t('form.secretSet') : t('form.secretUnset')) : item.default || '';
  return h('input', { ...attrs, type, value, placeholder, min: item.min, max: item.max, step: item.type === 'number' ? 'any' : undefined, autocomplete: 'off' });
}

function sourceText(item) {
  if (item.source === 'set') return t('form.source.set');
  if (item.source === 'page') return t('form.source.page');
  if (item.source === 'file') return t('form.source.file');
  return t('form.source.default');
}

function applyText(apply) {
  return t(`form.apply.${apply}`);
}

// items: the declarations; save(values) stores {key: value|null} and
// returns the new items (or nothing). `idPrefix` makes field ids unique.
export function settingsForm(items, save, options = {}) {
  const { idPrefix = 'setting', title, notice } = options;
  const message = messageLine();
  if (notice) message.ok(notice);
  const rows = [];
  const fields = [];
  for (const item of items) {
    if (item.key.includes('<')) {
      // A family (token.<bridge>): one name and one value make one key.
      const name = h('input', { type: 'text', id: `${idPrefix}-${item.key}-name`, placeholder: item.key.match(/<([^>]+)>/)[1] });
      const value = h('input', { type: item.secret ? 'password' : 'text', id: `${idPrefix}-${item.key}-value`, autocomplete: 'off' });
      fields.push({ item, family: true, name, value });
      rows.push(h('div.setting-row', { 'data-key': item.key },
        h('label.field', h('span.label', h('code', item.key)), h('div.inline', name, value), h('small.hint', item.description))));
      continue;
    }
    const el = input(item, `${idPrefix}-${item.key.replace(/[^A-Za-z0-9_-]/g, '_')}`);
    const reset = item.source === 'page'
      ? h('button.link', { type: 'button', 'data-reset': item.key, onclick: () => { reset.dataset.pressed = '1'; el.value = ''; el.dataset.reset = '1'; } }, t('form.reset'))
      : null;
    fields.push({ item, el });
    rows.push(h('div.setting-row', { 'data-key': item.key },
      h('label.field', h('span.label', h('code', item.key), ' ', h('span.badge.source', sourceText(item)),
        item.restartPending ? h('span.badge.restart-pending', { title: t('form.apply.restart') }, t('form.restartPending')) : null), el,
        h('small.hint', item.description, item.apply ? ` · ${applyText(item.apply)}` : '', item.source === 'set' ? ` · ${t('form.setOnCommandLine')}` : '')), reset));
  }
  const saveButton = button(t('common.save'), async () => {
    message.clear();
    const values = {};
    for (const f of fields) {
      if (f.family) {
        if (f.name.value.trim()) values[f.item.key.replace(/<[^>]+>/, f.name.value.trim())] = f.value.value;
        continue;
      }
      const { item, el } = f;
      if (el.disabled) continue;
      if (el.dataset.reset) { values[item.key] = null; continue; }
      const now = el.value;
      if (item.secret) { if (now !== '') values[item.key] = now; continue; }
      const before = item.value ?? '';
      if (now === before) continue;
      values[item.key] = now === '' ? null : now;
    }
    if (!Object.keys(values).length) { message.ok(t('form.nothing')); return; }
    try {
      const answer = await save(values);
      const text = answer && answer.restartNeeded ? t('form.savedRestart') : t('form.saved');
      // The server's answer holds the settings as they are now: the form
      // is drawn again from it (sources, masked secrets), saying it saved.
      const next = answer && (answer.items || answer.settings);
      if (next && form && form.isConnected) form.replaceWith(settingsForm(next, save, { ...options, notice: text }));
      else message.ok(text);
    } catch (err) {
      message.show(err);
      if (err.field) document.getElementById(`${idPrefix}-${err.field.replace(/[^A-Za-z0-9_-]/g, '_')}`)?.focus();
    }
  }, 'primary settings-save');
  if (!items.length) return h('div.settings-form', title ? h('h3', title) : null, h('p.hint', t('form.none')));
  const form = h('form.settings-form', { onsubmit: (e) => { e.preventDefault(); saveButton.click(); } },
    title ? h('h3', title) : null, rows, message, h('div.actions', saveButton));
  return form;
}
