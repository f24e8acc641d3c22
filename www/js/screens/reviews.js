// Persons terminals tried to create, raise to admin or give a new card
// (plugin.<id>.person_intake = review): nothing of them is stored until an
// operator accepts; rejecting leaves the person as it was.
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { get, api, can } from '../api.js';
import { table, pager, button, toast, fill } from '../ui.js';
import { formatTime } from '../time.js';

export async function render(root) {
  const list = h('div.panel');
  let offset = 0;
  let state = 'pending';
  const choose = h('select', { id: 'review-state' },
    ['pending', 'accepted', 'rejected', 'all'].map((s) => h('option', { value: s }, t(`review.state.${s}`))));
  choose.addEventListener('change', () => { state = choose.value; offset = 0; load(); });
  root.append(h('div.screen-head', h('h1', t('nav.reviews')), choose), list);

  async function decide(review, verb) {
    await api('POST', `/person-reviews/${review.id}/${verb}`);
    toast(t(`review.${verb}ed`, { userId: review.userId }));
    await load();
  }

  function proposedText(r) {
    const p = r.proposed || {};
    const cards = (p.credentials || []).filter((c) => c.kind === 'card').map((c) => c.value).join(', ');
    return `${p.name || ''} · ${t('review.role')}: ${p.role || 'normal'}${cards ? ` · ${t('person.cards')}: ${cards}` : ''}`;
  }

  async function load() {
    await fill(list, async () => {
      const page = await get('/person-reviews', { state, offset, limit: 50 });
      return [table([
        { title: '#', render: (r) => String(r.id) },
        { title: t('person.userId'), render: (r) => h('a', { href: `#/persons/${r.userId}` }, String(r.userId)) },
        { title: t('device.one'), render: (r) => h('a', { href: `#/devices/${r.deviceId}` }, `#${r.deviceId}`) },
        { title: t('review.reasons'), render: (r) => r.reasons.map((why) => t(`review.reason.${why}`)).join(', ') },
        { title: t('review.proposed'), render: proposedText },
        { title: t('review.when'), render: (r) => formatTime(r.createdAt) },
        { title: t('review.decision'), render: (r) => (r.state === 'pending'
          ? (can('operator') ? h('div.actions',
            button(t('review.accept'), () => decide(r, 'accept'), `review-accept-${r.id}`),
            button(t('review.reject'), () => decide(r, 'reject'), `review-reject-${r.id}`)) : t('review.state.pending'))
          : `${t(`review.state.${r.state}`)} · ${r.decidedBy} · ${formatTime(r.decidedAt)}`) },
      ], page.items, { empty: t('review.none') }), pager(page, (o) => { offset = o; load(); })];
    });
  }
  await load();
  return () => clear(list);
}
