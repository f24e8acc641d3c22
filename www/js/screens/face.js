// The face tool: who is this (identify a photo against everyone enrolled,
// each candidate's score with the enrolled photo beside the query), and are
// these two the same person (compare two photos: the similarity and the
// verdict against the server's threshold). Both run on the server's face
// service (POST /face/identify, /face/verify); nothing is stored.
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { request, imageUrl } from '../api.js';
import { table, button, errorBox, loading } from '../ui.js';

const ACCEPT = 'image/jpeg,image/png';

// A file input with a preview of the chosen photo.
function photoPicker(id) {
  const input = h('input', { type: 'file', accept: ACCEPT, id });
  const preview = h('img.face-preview', { id: `${id}-preview`, alt: '', hidden: true });
  input.addEventListener('change', () => {
    const file = input.files[0];
    if (preview.src) URL.revokeObjectURL(preview.src);
    preview.hidden = !file;
    if (file) preview.src = URL.createObjectURL(file);
  });
  return { input, preview, file: () => input.files[0] };
}

const score = (s) => s.toFixed(3);

function identifyPanel() {
  const picker = photoPicker('face-identify-file');
  const result = h('div', { id: 'face-identify-result' });
  async function run() {
    const file = picker.file();
    if (!file) { clear(result).append(h('p.hint', t('face.choosePhoto'))); return; }
    clear(result).append(loading());
    try {
      const response = await request('POST', '/face/identify?topK=5', { body: file, type: file.type || 'image/jpeg' });
      const answer = await response.json();
      const query = URL.createObjectURL(file);
      const photoCell = (m) => {
        if (!m.photo) return h('span.hint', t('face.noEnrolledPhoto'));
        const img = h('img.face-thumb', { alt: m.name || String(m.userId), 'data-enrolled': m.userId });
        imageUrl(`/persons/${m.userId}/photo`, m.photo).then((url) => { img.src = url; }, () => {});
        return img;
      };
      clear(result).append(
        h('p.hint', t('face.identifyInfo', { enrolled: answer.enrolled, threshold: score(answer.threshold) })),
        table([
          { title: '#', render: (m) => String(answer.matches.indexOf(m) + 1) },
          { title: t('face.person'), render: (m) => h('a', { href: `#/persons/${m.userId}` }, `${m.name || '—'} (${m.userId})`) },
          { title: t('face.score'), render: (m) => h('span.face-score', score(m.score)) },
          { title: t('face.sideBySide'), render: (m) => h('div.face-pair', h('img.face-thumb', { src: query, alt: t('face.query') }), photoCell(m)) },
        ], answer.matches, { empty: t('face.noMatch'), rowAttrs: (m) => ({ 'data-match': m.userId }) }));
    } catch (err) {
      clear(result).append(errorBox(err));
    }
  }
  return h('div.panel', { id: 'face-identify' }, h('h2', t('face.identify')), h('p.hint', t('face.identifyHint')),
    h('div.face-inputs', picker.input, picker.preview),
    h('div.actions', button(t('face.identifyRun'), run, 'primary face-identify-run')), result);
}

function comparePanel() {
  const a = photoPicker('face-compare-a');
  const b = photoPicker('face-compare-b');
  const result = h('div', { id: 'face-compare-result' });
  async function run() {
    if (!a.file() || !b.file()) { clear(result).append(h('p.hint', t('face.chooseTwo'))); return; }
    clear(result).append(loading());
    const form = new FormData();
    form.append('a', a.file());
    form.append('b', b.file());
    try {
      const answer = await (await request('POST', '/face/verify', { body: form })).json();
      clear(result).append(h(`div.face-verdict.${answer.same ? 'same' : 'different'}`, { 'data-same': String(answer.same) },
        h('b', answer.same ? t('face.same') : t('face.different')),
        ' ', t('face.similarity', { score: score(answer.score), threshold: score(answer.threshold) })));
    } catch (err) {
      clear(result).append(errorBox(err));
    }
  }
  return h('div.panel', { id: 'face-compare' }, h('h2', t('face.compare')), h('p.hint', t('face.compareHint')),
    h('div.grid2', h('div.face-inputs', a.input, a.preview), h('div.face-inputs', b.input, b.preview)),
    h('div.actions', button(t('face.compareRun'), run, 'primary face-compare-run')), result);
}

export async function render(root) {
  root.append(h('div.screen-head', h('h1', t('nav.face'))), identifyPanel(), comparePanel());
}
