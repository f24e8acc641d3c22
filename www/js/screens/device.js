// One device: its state, clock, parameters (reported and desired), access
// groups, commands with their states (a form from its plugin's declared
// kinds), alarm and address history, and its sync ledger.
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { get, api, can } from '../api.js';
import { table, pager, badge, button, toast, toastError, field, fill, jsonText, errorBox, errorText, messageLine, confirmDialog } from '../ui.js';
import { formatTime } from '../time.js';
import { stateBadge, firmware, capacity } from './devices.js';
import { commandForm, declaredCommands, kindLabel } from './commandForm.js';
import { alarmPanel, addressPanel, clockFacts } from './deviceHistory.js';

export function commandTable(items, withDevice = false) {
  const columns = [
    { title: '#', render: (c) => String(c.id) },
    withDevice ? { title: t('device.one'), render: (c) => h('a', { href: `#/devices/${c.deviceId}` }, `#${c.deviceId}`) } : null,
    { title: t('command.kind'), render: (c) => h('code', { title: kindLabel(c.kind) }, c.kind) },
    { title: t('command.state'), render: (c) => h('span', { class: `command-state state-${c.state}`, 'data-command': c.id }, badge(t(`cmd.${c.state}`), c.state)) },
    { title: t('command.created'), render: (c) => `${formatTime(c.createdAt)} · ${c.createdBy || ''}` },
    { title: t('command.finished'), render: (c) => formatTime(c.finishedAt) },
    { title: t('command.result'), render: (c) => (c.result === null || c.result === undefined ? '—' : h('code.small', typeof c.result === 'object' ? JSON.stringify(c.result) : String(c.result))) },
  ].filter(Boolean);
  return table(columns, items, { empty: t('command.none') });
}

export async function render(root, { id }) {
  const head = h('div');
  const info = h('div.panel');
  const commands = h('div.panel');
  const params = h('div.panel');
  const sync = h('div.panel');
  const alarms = alarmPanel(id);
  const addresses = addressPanel(id);
  const commandList = h('div');
  root.append(head, info, commands, alarms, addresses, params, sync);
  let device;
  let declared = [];
  let syncOffset = 0;

  async function loadDevice() {
    device = await get(`/devices/${id}`);
    clear(head).append(h('div.screen-head', h('h1', h('a', { href: '#/devices' }, t('nav.devices')), ' / ', device.name || device.serial), stateBadge(device)));
    drawInfo();
    if (commands.firstChild) drawCommands();  // activated or disabled: the form follows
  }

  function drawInfo() {
    const message = messageLine();
    const clock = h('dd', { id: 'device-clock' }, '…');
    clockFacts(id).then((dd) => clock.replaceWith(dd), (err) => { clock.textContent = errorText(err); });
    const name = h('input', { value: device.name, maxLength: 128, disabled: !can('operator'), id: 'device-name' });
    const groups = h('input', { value: (device.accessGroups || []).join(', '), disabled: !can('operator'), id: 'device-groups' });
    clear(info).append(
      h('h2', t('device.info')),
      h('dl.facts',
        h('dt', t('device.serial')), h('dd', device.serial),
        h('dt', t('device.protocol')), h('dd', device.protocol),
        h('dt', t('device.address')), h('dd', device.address || '—'),
        h('dt', t('device.pinnedAddress')), h('dd', device.pinnedAddress || '—'),
        device.pendingAddress ? h('dt', t('device.pendingAddress')) : null,
        device.pendingAddress ? h('dd.alarm', { id: 'device-pending-address' }, device.pendingAddress) : null,
        h('dt', t('device.lastSeen')), h('dd', formatTime(device.lastSeen)),
        h('dt', t('clock.title')), clock,
        h('dt', t('device.firmware')), h('dd', firmware(device) || '—'),
        h('dt', t('device.capacity')), h('dd', capacity(device) || '—'),
        h('dt', t('device.created')), h('dd', formatTime(device.createdAt))),
      h('div.form-grid', field(t('device.name'), name), field(t('device.groups'), groups, t('device.groupsHint'))),
      message,
      can('operator') ? h('div.actions',
        button(t('common.save'), async () => {
          message.clear();
          try {
            const accessGroups = groups.value.split(',').map((s) => s.trim()).filter(Boolean);
            device = await api('PATCH', `/devices/${id}`, { name: name.value, accessGroups });
            message.ok(t('common.saved'));
          } catch (err) { message.show(err); }
        }, 'primary'),
        device.state !== 'active' ? button(t('device.activate'), async () => { await api('POST', `/devices/${id}/activate`); toast(t('device.activated')); await loadDevice(); }) : null,
        device.pendingAddress ? button(t('device.acceptAddress', { address: device.pendingAddress }), async () => {
          if (!(await confirmDialog(t('device.confirmAcceptAddress', { address: device.pendingAddress, name: device.name || device.serial }), t('device.acceptAddressShort')))) return;
          await api('POST', `/devices/${id}/accept-address`);
          toast(t('device.addressAccepted'));
          await loadDevice();
        }) : null,
        device.state !== 'disabled' ? button(t('device.disable'), async () => { await api('POST', `/devices/${id}/disable`); toast(t('device.disabled')); await loadDevice(); }) : null,
        button(t('common.delete'), async () => {
          if (!(await confirmDialog(t('device.confirmDelete', { name: device.name || device.serial }), t('common.delete')))) return;
          await api('DELETE', `/devices/${id}`);
          toast(t('common.deleted'));
          location.hash = '#/devices';
        }, 'danger')) : null);
  }

  function drawCommands() {
    const form = can('operator') && device.state !== 'disabled'
      ? commandForm(declared, (kind, args) => api('POST', `/devices/${id}/commands`, { kind, args }), async () => { active = await loadCommands(); })
      : null;
    clear(commands).append(h('h2', t('device.commands')), form, commandList);
  }

  async function loadCommands() {
    const page = await get('/commands', { deviceId: id, limit: 20 });
    clear(commandList).append(commandTable(page.items));
    return page.items.some((c) => c.state === 'queued' || c.state === 'sent');
  }

  function drawParams() {
    const desired = h('textarea.code', { rows: 8, id: 'device-desired', disabled: !can('operator'), spellcheck: false }, jsonText(device.desired || {}));
    const message = messageLine();
    clear(params).append(h('h2', t('device.parameters')), h('div.grid2',
      h('div', h('h3', t('device.reported')), h('pre.json', jsonText(device.reported || {}))),
      h('div', h('h3', t('device.desired')), desired, message, can('operator') ? button(t('common.save'), async () => {
        message.clear();
        let value;
        try { value = JSON.parse(desired.value || '{}'); } catch (err) { message.show({ status: 400, message: t('device.badJson', { reason: err.message }) }); return; }
        try {
          await api('PUT', `/devices/${id}/parameters`, value);
          device.desired = value;
          message.ok(t('common.saved'));
        } catch (err) { message.show(err); }
      }, 'primary') : null)));
  }

  // A failed entry says whether it passes by itself (transient: tried again
  // at retryAt) or waits for a change or an operator (permanent).
  function failureText(e) {
    if (!e.pending || !e.lastErrorCode) return '—';
    const kind = e.failure === 'transient'
      ? t('sync.transient', { at: formatTime(e.retryAt) })
      : e.failure === 'permanent' ? t('sync.permanent') : '';
    return h('span', { class: `sync-failure failure-${e.failure || 'none'}`, 'data-user': e.userId },
      `${e.lastErrorCode} ${e.lastError || ''}`, kind ? h('small', ` · ${kind}`) : null);
  }

  async function retry(path, userId) {
    const result = await api('POST', path);
    toast(t('sync.retried', { count: result.retried }));
    await loadSync();
    return userId;
  }

  async function loadSync() {
    await fill(sync, async () => {
      const page = await get(`/devices/${id}/sync`, { offset: syncOffset, limit: 50 });
      const inventory = await get(`/devices/${id}/inventory`, { differences: 'true' });
      const anyFailed = page.items.some((e) => e.pending && e.lastErrorCode);
      return [h('h2', t('device.sync')),
        can('operator') && anyFailed ? h('div.actions', button(t('sync.retryAll'), () => retry(`/devices/${id}/sync/retry`), 'sync-retry-all')) : null,
        table([
          { title: t('person.userId'), render: (e) => h('a', { href: `#/persons/${e.userId}` }, String(e.userId)) },
          { title: t('sync.wanted'), render: (e) => String(e.wantedVersion) },
          { title: t('sync.confirmed'), render: (e) => String(e.confirmedVersion) },
          { title: t('sync.state'), render: (e) => badge(e.removal ? t('sync.removal') : e.pending ? t('sync.pending') : t('sync.done'), e.pending ? (e.lastErrorCode ? 'failed' : 'pending') : 'done') },
          { title: t('sync.error'), render: failureText },
          { title: t('common.updated'), render: (e) => formatTime(e.updatedAt) },
          { title: '', render: (e) => (can('operator') && e.pending && e.lastErrorCode
            ? button(t('sync.retry'), () => retry(`/devices/${id}/sync/${e.userId}/retry`, e.userId), `sync-retry-${e.userId}`) : '') },
        ], page.items, { empty: t('sync.none') }), pager(page, (o) => { syncOffset = o; loadSync(); }),
        h('h3', t('sync.inventory', { reported: inventory.reported, differences: inventory.differences })),
        table([
          { title: t('person.userId'), render: (i) => h('a', { href: `#/persons/${i.userId}` }, String(i.userId)) },
          { title: t('sync.ledger'), render: (i) => t(`sync.ledger.${i.ledger}`) },
          { title: t('sync.device'), render: (i) => t(`sync.device.${i.device}`) },
          { title: t('sync.difference'), render: (i) => badge(t(`sync.diff.${i.difference}`), 'failed') },
          { title: t('common.updated'), render: (i) => formatTime(i.reportedAt) },
        ], inventory.items, { empty: t('sync.noDifferences') })];
    });
  }

  try {
    await loadDevice();
  } catch (err) {
    clear(root).append(errorBox(err));
    return undefined;
  }
  drawParams();
  let active = false;
  try {
    if (can('operator')) declared = await declaredCommands(device.protocol);
    drawCommands();
    active = await loadCommands();
  } catch (err) { commands.append(errorBox(err)); }
  alarms.load();
  addresses.load();
  loadSync();
  // While a command is on its way, follow its state.
  const timer = setInterval(async () => {
    try {
      if (active) active = await loadCommands();
    } catch (err) { toastError(err); active = false; }
  }, 1000);
  // Alarms arrive from the terminal: the kept history is read again now and then.
  const slow = setInterval(async () => {
    try { active = await loadCommands(); } catch { /* shown by the fast loop */ }
    alarms.load();
  }, 5000);
  return () => { clearInterval(timer); clearInterval(slow); };
}
