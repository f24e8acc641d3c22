// Persons: search and paging, CSV import (with its per-row report) and export.
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { get, api, can, download, imageUrl } from '../api.js';
import { table, pager, fill, button, dialog, toast, errorBox } from '../ui.js';
import { formatTime } from '../time.js';

// A thumbnail loaded with the token; a broken one just stays empty.
export function thumb(path, contentId, alt, onOpen) {
  const img = h('img.thumb', { alt, loading: 'lazy' });
  imageUrl(path, contentId).then((url) => { img.src = url; }).catch(() => img.classList.add('missing'));
  if (onOpen) { img.tabIndex = 0; img.addEventListener('click', onOpen); img.addEventListener('keydown', (e) => { if (e.key === 'Enter') onOpen(); }); }
  return img;
}

export async function render(root, { query }) {
  const search = h('input', { type: 'search', id: 'person-search', placeholder: t('person.searchHint'), value: query.search || '' });
  const group = h('input', { id: 'person-group', placeholder: t('person.group'), value: query.group || '' });
  const department = h('input', { id: 'person-department', placeholder: t('person.department'), value: query.department || '' });
  const list = h('div');
  let offset = 0;
  const filters = () => ({ search: search.value.trim(), group: group.value.trim(), department: department.value.trim() });

  const importInput = h('input', { type: 'file', accept: '.csv,text/csv', hidden: true, id: 'person-import-file' });
  importInput.addEventListener('change', async () => {
    const file = importInput.files[0];
    importInput.value = '';
    if (!file) return;
    try {
      const report = await api('POST', '/persons/import', await file.text(), { type: 'text/csv; charset=utf-8' });
      showImportReport(report);
      load();
    } catch (err) {
      dialog(t('person.importTitle'), errorBox(err), [{ label: t('common.close'), value: true }]);
    }
  });

  const tools = h('div.toolbar',
    h('form.filters', { onsubmit: (e) => { e.preventDefault(); offset = 0; load(); } }, search, group, department, h('button', { type: 'submit' }, t('common.search'))),
    h('div.actions',
      can('operator') ? h('a.button.primary', { href: '#/persons/new', id: 'person-new' }, t('person.new')) : null,
      can('operator') ? button(t('person.import'), () => importInput.click()) : null,
      button(t('person.export'), () => download(`/persons/export.csv${toQuery(filters())}`, 'persons.csv')),
      importInput));
  root.append(h('div.screen-head', h('h1', t('nav.persons'))), tools, list);

  async function load() {
    await fill(list, async () => {
      const page = await get('/persons', { ...filters(), offset, limit: 50 });
      return [table([
        { title: t('person.photo'), cls: 'photo-cell', render: (p) => (p.photo ? thumb(`/persons/${p.userId}/photo`, p.photo, p.name) : h('span.no-photo', '—')) },
        { title: t('person.userId'), render: (p) => String(p.userId) },
        { title: t('person.name'), render: (p) => h('a.person-link', { href: `#/persons/${p.userId}` }, p.name) },
        { title: t('person.code'), render: (p) => p.code || '' },
        { title: t('person.department'), render: (p) => p.department || '' },
        { title: t('person.groups'), render: (p) => (p.accessGroups || []).join(', ') },
        { title: t('person.cards'), render: (p) => (p.credentials || []).filter((c) => c.kind === 'card').map((c) => c.value).join(', ') },
        { title: t('person.validUntil'), render: (p) => (p.validUntil ? formatTime(p.validUntil, { seconds: false }) : '—') },
      ], page.items, { empty: t('person.none'), rowAttrs: (p) => ({ 'data-user-id': p.userId }) }), pager(page, (o) => { offset = o; load(); })];
    });
  }
  await load();
}

function toQuery(params) {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

function showImportReport(report) {
  const rows = report.errors || [];
  const content = h('div.import-report', { id: 'import-report' },
    h('p', t('person.importResult', { imported: report.imported, failed: report.failed })),
    rows.length ? table([
      { title: t('person.row'), render: (e) => String(e.row) },
      { title: t('person.column'), render: (e) => e.field || '—' },
      { title: t('common.message'), render: (e) => e.message },
    ], rows) : null,
    report.errorsTruncated ? h('p.hint', t('person.importTruncated')) : null);
  if (!report.failed) toast(t('person.importResult', { imported: report.imported, failed: 0 }));
  dialog(t('person.importTitle'), content, [{ label: t('common.close'), value: true }]);
}
