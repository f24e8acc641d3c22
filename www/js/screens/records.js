// Records: filter by time, device, person, type and result; the person's
// name; photo thumbnails with a larger view beside the enrolled photo and
// the face check's verdict; CSV export of every match.
import { h, clear } from '../dom.js';
import { t, has } from '../i18n.js';
import { get, download, imageUrl, qs } from '../api.js';
import { table, pager, fill, dialog, button, badge, jsonText, errorBox } from '../ui.js';
import { formatTime, parseLocal, toLocalInput } from '../time.js';
import { thumb } from './persons.js';

const VERIFY_TYPES = ['face', 'card', 'fingerprint', 'password', 'qrcode', 'palmvein', 'face_card', 'remote'];

// What the host's face check found for a record's photo (face.matched /
// record.suspect), or that it made none.
function faceMatchText(match) {
  if (!match) return t('record.faceNone');
  const score = typeof match.score === 'number' ? ` (${match.score.toFixed(3)})` : '';
  if (match.topic === 'face.matched') return t('record.faceMatched', { userId: match.userId }) + score;
  return t('record.faceSuspect', { reason: match.reason || '' }) + score;
}

export async function render(root, { query }) {
  let devices = [];
  try { devices = (await get('/devices', { limit: 1000 })).items; } catch { /* the filter then offers ids only */ }
  const deviceName = (id) => { const d = devices.find((x) => x.id === id); return d ? d.name || d.serial : `#${id}`; };

  const from = h('input', { type: 'datetime-local', id: 'record-from', value: query.from ? toLocalInput(Number(query.from)) : '' });
  const to = h('input', { type: 'datetime-local', id: 'record-to', value: query.to ? toLocalInput(Number(query.to)) : '' });
  const device = h('select', { id: 'record-device' }, h('option', { value: '' }, t('record.anyDevice')),
    devices.map((d) => h('option', { value: d.id, selected: String(d.id) === query.deviceId }, d.name || d.serial)));
  const userId = h('input', { type: 'number', id: 'record-user', min: 1, placeholder: t('person.userId'), value: query.userId || '' });
  const verifyType = h('select', { id: 'record-verify' }, h('option', { value: '' }, t('record.anyType')), VERIFY_TYPES.map((v) => h('option', { value: v, selected: v === query.verifyType }, v)));
  const result = h('select', { id: 'record-result' }, h('option', { value: '' }, t('record.anyResult')),
    ['pass', 'refused'].map((v) => h('option', { value: v, selected: v === query.result }, t(`record.${v}`))));
  const list = h('div');
  let offset = 0;

  const filters = () => ({
    from: parseLocal(from.value), to: parseLocal(to.value), deviceId: device.value, userId: userId.value.trim(),
    verifyType: verifyType.value, result: result.value,
  });

  root.append(h('div.screen-head', h('h1', t('nav.records'))),
    h('div.toolbar',
      h('form.filters', { id: 'record-filters', onsubmit: (e) => { e.preventDefault(); offset = 0; load(); } },
        h('label.inline', t('record.from'), from), h('label.inline', t('record.to'), to), device, userId, verifyType, result,
        h('button.primary', { type: 'submit', id: 'record-search' }, t('common.search'))),
      h('div.actions', button(t('record.export'), () => download(`/records/export.csv${qs(filters())}`, 'records.csv')))),
    list);

  function showRecord(r) {
    const body = h('div.record-detail', h('div.loading', t('common.loading')));
    dialog(t('record.one', { id: r.id }), body, [{ label: t('common.close'), value: true }]);
    (async () => {
      try {
        const full = await get(`/records/${r.id}`);
        const image = full.photo ? h('img.photo-large', { alt: t('record.photo'), id: 'record-photo-large' }) : null;
        const enrolled = full.personPhoto ? h('img.photo-large', { alt: t('record.enrolled'), id: 'record-photo-enrolled' }) : null;
        clear(body).append(
          h('div.record-photos',
            h('figure', image || h('p.hint', t('record.noPhoto')), h('figcaption', t('record.photo'))),
            enrolled ? h('figure', enrolled, h('figcaption', t('record.enrolled'))) : null),
          h('dl.facts',
            h('dt', t('record.time')), h('dd', formatTime(full.deviceTime)),
            h('dt', t('record.received')), h('dd', formatTime(full.receivedTime)),
            h('dt', t('device.one')), h('dd', deviceName(full.deviceId)),
            h('dt', t('person.userId')), h('dd', full.userId ?? '—'),
            h('dt', t('attendance.name')), h('dd', { id: 'record-person-name' }, full.personName || '—'),
            h('dt', t('record.verify')), h('dd', full.verifyType || '—'),
            h('dt', t('record.result')), h('dd', `${full.result}${full.reason ? ' · ' + full.reason : ''}`),
            h('dt', t('record.faceMatch')), h('dd', { id: 'record-face-match' }, faceMatchText(full.faceMatch))),
          h('details', h('summary', t('record.raw')), h('pre.json', jsonText(full.raw))));
        if (enrolled) imageUrl(`/persons/${full.userId}/photo`, full.personPhoto).then((url) => { enrolled.src = url; }).catch(() => enrolled.remove());
        if (image) image.src = await imageUrl(`/records/${r.id}/photo`, full.photo);
      } catch (err) {
        clear(body).append(errorBox(err));
      }
    })();
  }

  async function load() {
    await fill(list, async () => {
      const page = await get('/records', { ...filters(), offset, limit: 50 });
      return [table([
        { title: t('record.photo'), cls: 'photo-cell', render: (r) => (r.photo ? thumb(`/records/${r.id}/photo`, r.photo, t('record.photo'), () => showRecord(r)) : h('span.no-photo', '—')) },
        { title: t('record.time'), render: (r) => h('a', { href: '#', onclick: (e) => { e.preventDefault(); showRecord(r); } }, formatTime(r.deviceTime)) },
        { title: t('device.one'), render: (r) => h('a', { href: `#/devices/${r.deviceId}` }, deviceName(r.deviceId)) },
        { title: t('person.userId'), render: (r) => (r.userId ? h('a', { href: `#/persons/${r.userId}` }, String(r.userId)) : '—') },
        { title: t('attendance.name'), cls: 'person-name', render: (r) => r.personName || '—' },
        { title: t('record.verify'), render: (r) => r.verifyType || '—' },
        { title: t('record.direction'), render: (r) => r.direction || '—' },
        { title: t('record.temperature'), render: (r) => (r.temperature === null ? '—' : `${r.temperature} °C`) },
        { title: t('record.result'), render: (r) => [badge(has(`record.${r.result}`) ? t(`record.${r.result}`) : r.result, r.result === 'pass' ? 'done' : r.result === 'refused' ? 'failed' : ''), r.reason ? ` ${r.reason}` : ''] },
      ], page.items, { empty: t('record.none'), rowAttrs: (r) => ({ 'data-record': r.id }) }), pager(page, (o) => { offset = o; load(); })];
    });
  }
  await load();
}
