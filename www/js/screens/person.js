// One person: create or edit, with the face photo (the server's refusal shown
// next to it), cards, password, QR code, validity and access groups, and where
// the person stands on each device.
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { get, api, request, can, imageUrl } from '../api.js';
import { field, messageLine, button, toast, confirmDialog, errorBox, errorText, badge, table } from '../ui.js';
import { formatTime, parseLocal, toLocalInput } from '../time.js';

const list = (text) => text.split(/[,，\n]/).map((s) => s.trim()).filter(Boolean);

export async function render(root, { id }) {
  const creating = id === 'new';
  let person = creating ? { name: '', role: 'normal', accessGroups: [], credentials: [], extra: {} } : await get(`/persons/${id}`);
  const writable = can('operator');
  const message = messageLine();
  const photoBox = h('div.photo-box', { id: 'photo-box' });
  const photoError = h('div.photo-error', { id: 'photo-error', role: 'alert' });
  const photoInput = h('input', { type: 'file', accept: 'image/jpeg,image/png', id: 'photo-file', disabled: !writable });
  const standing = h('div.panel', { id: 'person-devices' });
  let pendingPhoto = null;  // chosen before the person exists: uploaded right after creation

  const input = (name, attrs = {}) => h('input', { name, id: `person-${name}`, value: person[name] ?? '', disabled: !writable, ...attrs });
  const f = {
    userId: input('userId', { type: 'number', min: 1, max: 4294967295, disabled: !creating || !writable, placeholder: creating ? t('person.autoId') : '' }),
    name: input('name', { required: true, maxLength: 128 }),
    code: input('code', { maxLength: 64 }),
    job: input('job', { maxLength: 128 }),
    department: input('department', { maxLength: 128 }),
    idCard: input('idCard', { maxLength: 64 }),
    timeGroup: input('timeGroup', { maxLength: 64 }),
    role: h('select', { name: 'role', id: 'person-role', disabled: !writable }, ['normal', 'admin', 'blacklist'].map((r) => h('option', { value: r, selected: person.role === r }, t(`prole.${r}`)))),
    validFrom: h('input', { type: 'datetime-local', id: 'person-validFrom', value: toLocalInput(person.validFrom), disabled: !writable }),
    validUntil: h('input', { type: 'datetime-local', id: 'person-validUntil', value: toLocalInput(person.validUntil), disabled: !writable }),
    groups: h('input', { id: 'person-groups', value: (person.accessGroups || []).join(', '), disabled: !writable }),
    cards: h('input', { id: 'person-cards', value: creds('card').map((c) => c.value).join(', '), disabled: !writable }),
    qrcode: h('input', { id: 'person-qrcode', value: creds('qrcode').map((c) => c.value).join(', '), disabled: !writable }),
    password: h('input', { id: 'person-password', type: 'password', autocomplete: 'new-password', disabled: !writable, placeholder: creds('password').length ? t('person.passwordKeep') : '' }),
    clearPassword: h('input', { type: 'checkbox', id: 'person-clear-password', disabled: !writable || !creds('password').length }),
  };

  function creds(kind) { return (person.credentials || []).filter((c) => c.kind === kind); }

  function body() {
    const credentials = [
      ...list(f.cards.value).map((value, index) => ({ kind: 'card', value, index })),
      ...list(f.qrcode.value).map((value, index) => ({ kind: 'qrcode', value, index })),
    ];
    if (f.password.value) credentials.push({ kind: 'password', value: f.password.value, index: 0 });
    else if (!f.clearPassword.checked) for (const c of creds('password')) credentials.push({ kind: 'password', index: c.index || 0 });
    const b = {
      name: f.name.value.trim(), code: f.code.value.trim(), job: f.job.value.trim(), department: f.department.value.trim(),
      idCard: f.idCard.value.trim(), timeGroup: f.timeGroup.value.trim(), role: f.role.value,
      validFrom: parseLocal(f.validFrom.value), validUntil: parseLocal(f.validUntil.value),
      accessGroups: list(f.groups.value), credentials, extra: person.extra || {},
    };
    if (creating && f.userId.value) b.userId = Number(f.userId.value);
    if (!creating) b.version = person.version;
    return b;
  }

  async function showPhoto() {
    clear(photoBox);
    if (actions) actions.replaceWith(actions = actionBar());  // "remove photo" only when there is one
    if (!person.photo) { photoBox.append(h('div.no-photo-big', t('person.noPhoto'))); return; }
    const img = h('img.photo', { alt: person.name, id: 'person-photo' });
    photoBox.append(img);
    try { img.src = await imageUrl(`/persons/${person.userId}/photo`, person.photo); } catch (err) { photoError.textContent = errorText(err); }
  }

  async function uploadPhoto(file) {
    photoError.textContent = '';
    photoError.className = 'photo-error';
    const type = file.type === 'image/png' ? 'image/png' : 'image/jpeg';
    try {
      const response = await request('PUT', `/persons/${person.userId}/photo`, { body: file, type });
      person = await response.json();
      await showPhoto();
      toast(t('person.photoSaved'));
    } catch (err) {
      // The face check's refusal (422) or any other error, next to the photo.
      photoError.className = 'photo-error shown';
      photoError.textContent = errorText(err);
    }
  }

  photoInput.addEventListener('change', async () => {
    const file = photoInput.files[0];
    photoInput.value = '';
    if (!file) return;
    if (creating && !person.userId) {
      pendingPhoto = file;
      photoError.className = 'photo-error';
      photoError.textContent = t('person.photoAfterSave', { name: file.name });
      return;
    }
    await uploadPhoto(file);
  });

  async function save() {
    message.clear();
    try {
      if (creating && !person.userId) {
        person = await api('POST', '/persons', body());
        // Now it exists: stay on this page, as the edit form of the new person.
        history.replaceState(null, '', `#/persons/${person.userId}`);
        toast(t('person.created', { name: person.name }));
        if (pendingPhoto) { const file = pendingPhoto; pendingPhoto = null; await uploadPhoto(file); }
        redraw();
      } else {
        person = await api('PUT', `/persons/${person.userId}`, body());
        message.ok(t('common.saved'));
        f.password.value = '';
        f.clearPassword.checked = false;
        f.password.placeholder = creds('password').length ? t('person.passwordKeep') : '';
        f.clearPassword.disabled = !creds('password').length;
      }
    } catch (err) {
      message.show(err);
      const bad = err.field && root.querySelector(`[name="${CSS.escape(err.field)}"]`);
      if (bad) bad.focus();
    }
  }

  function redraw() {
    f.password.value = '';
    f.password.placeholder = creds('password').length ? t('person.passwordKeep') : '';
    f.clearPassword.disabled = !creds('password').length;
    f.userId.value = person.userId || '';
    f.userId.disabled = true;
    head.replaceWith(head = header());
    actions.replaceWith(actions = actionBar());
    loadStanding();
  }

  const header = () => h('div.screen-head', h('h1', h('a', { href: '#/persons' }, t('nav.persons')), ' / ', person.userId ? `${person.name} (${person.userId})` : t('person.new')));
  const actionBar = () => (writable ? h('div.actions',
    button(t('common.save'), save, 'primary save'),
    person.userId && person.photo ? button(t('person.deletePhoto'), async () => {
      await api('DELETE', `/persons/${person.userId}/photo`);
      person = await get(`/persons/${person.userId}`);
      await showPhoto();
    }) : null,
    person.userId ? button(t('common.delete'), async () => {
      if (!(await confirmDialog(t('person.confirmDelete', { name: person.name }), t('common.delete')))) return;
      await api('DELETE', `/persons/${person.userId}`);
      toast(t('common.deleted'));
      location.hash = '#/persons';
    }, 'danger') : null) : h('div'));
  let head = header();
  let actions = null;
  actions = actionBar();

  const form = h('form.person-form', { onsubmit: (e) => { e.preventDefault(); save(); } },
    h('div.person-layout',
      h('div.photo-column', photoBox, writable ? h('label.button', { for: 'photo-file' }, t('person.choosePhoto')) : null, photoInput, photoError, h('small.hint', t('person.photoHint'))),
      h('div.form-grid',
        field(t('person.userId'), f.userId), field(t('person.name'), f.name), field(t('person.code'), f.code),
        field(t('person.job'), f.job), field(t('person.department'), f.department), field(t('person.idCard'), f.idCard),
        field(t('person.role'), f.role), field(t('person.validFrom'), f.validFrom), field(t('person.validUntil'), f.validUntil),
        field(t('person.groups'), f.groups, t('common.commaList')), field(t('person.cards'), f.cards, t('common.commaList')),
        field(t('person.qrcode'), f.qrcode), field(t('person.password'), f.password),
        h('label.field.check', f.clearPassword, h('span', t('person.clearPassword'))), field(t('person.timeGroup'), f.timeGroup))),
    message);
  root.append(head, h('div.panel', form, actions), standing);
  if (!writable) photoInput.hidden = true;
  photoInput.classList.add('visually-hidden');

  async function loadStanding() {
    clear(standing).append(h('h2', t('person.onDevices')));
    if (!person.userId) { standing.append(h('p.hint', t('person.saveFirst'))); return; }
    try {
      const devices = (await get('/devices', { limit: 1000 })).items;
      if (!devices.length) { standing.append(h('p.hint', t('device.none'))); return; }
      const rows = await Promise.all(devices.slice(0, 50).map(async (d) => ({ device: d, entry: await findEntry(d.id, person.userId) })));
      standing.append(table([
        { title: t('device.one'), render: (r) => h('a', { href: `#/devices/${r.device.id}` }, r.device.name || r.device.serial) },
        { title: t('device.state'), render: (r) => badge(t(`state.${r.device.state}`), r.device.state) },
        { title: t('sync.state'), render: (r) => (!r.entry ? t('sync.notServed') : badge(r.entry.removal ? t('sync.removal') : r.entry.pending ? t('sync.pending') : t('sync.done'), r.entry.pending ? (r.entry.lastErrorCode ? 'failed' : 'pending') : 'done')) },
        { title: t('sync.error'), render: (r) => (r.entry && r.entry.lastErrorCode ? `${r.entry.lastErrorCode} ${r.entry.lastError || ''}` : '—') },
        { title: t('common.updated'), render: (r) => (r.entry ? formatTime(r.entry.updatedAt) : '—') },
      ], rows));
    } catch (err) {
      standing.append(errorBox(err));
    }
  }

  await showPhoto();
  loadStanding();
}

// The ledger is paged by userId; look through it page by page (bounded).
async function findEntry(deviceId, userId) {
  for (let offset = 0; offset < 10000; offset += 1000) {
    const page = await get(`/devices/${deviceId}/sync`, { offset, limit: 1000 });
    const entry = page.items.find((e) => e.userId === userId);
    if (entry) return entry;
    if (!page.items.length || page.items[page.items.length - 1].userId > userId || offset + 1000 >= page.total) return null;
  }
  return null;
}
