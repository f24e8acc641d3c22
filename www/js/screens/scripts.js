// Scripts (README "Scripts" and "Lua scripts"). Everyone sees the list with
// state and error counts and each script's recent errors; the source, save,
// enable / disable and the test run are for admins, as the server requires
// (GET /scripts/{name} with the source is admin-only too). Saving sends the
// text; the server compiles it first and answers 400 with Lua's message
// ("name.lua:3: 'end' expected near <eof>"), shown under the editor with the
// line marked. The outbox is the panel of outbox.js, on this screen too.
import { h, clear, append } from '../dom.js';
import { t, has } from '../i18n.js';
import { get, api, can } from '../api.js';
import { table, fill, button, badge, messageLine, errorBox, errorText, field, jsonText, loading, toast, confirmDialog } from '../ui.js';
import { formatTime } from '../time.js';
import { luaEditor } from '../lua.js';
import { outboxPanel } from './outbox.js';
import { settingsForm } from '../settingsForm.js';

const enc = encodeURIComponent;
const NAME = /^[A-Za-z0-9_-]{1,64}$/;

// A sample event per topic, for the test run.
const SAMPLES = {
  'record.created': { id: 1, deviceId: 1, userId: 1, deviceTime: Date.UTC(2026, 0, 5, 1, 30), verifyType: 'face', direction: 'in', result: 'pass' },
  'device.alarm': { deviceId: 1, serial: 'SN0001', alarm: 'door_forced' },
  'person.changed': { userId: 1 },
  authorize: { deviceId: 1, serial: 'SN0001', protocol: 'httpv2', userId: 1, credential: 'face', verifyType: 'face', direction: 'in', time: Date.UTC(2026, 0, 5, 1, 30), tzMinutes: 480, builtin: { allow: true, message: '', reason: '' } },
};

const template = (name) => [
  `-- ${name}: what this script does, and its settings (script.${name}.*)`,
  'passway.on("record.created", function(record)',
  '  passway.log.info("record " .. tostring(record.id) .. " from device " .. tostring(record.deviceId))',
  'end)',
  '',
].join('\n');

// Lua's compile message names the chunk and line: "source: payroll.lua:12: unexpected symbol near 'x'".
export function compileError(message, name) {
  const text = String(message || '').replace(/^source:\s*/, '');
  const m = /^(?:[^:\n]*\.lua|\[string "[^"]*"\]):(\d+):\s*(.*)$/s.exec(text);
  return m ? { line: Number(m[1]), text: m[2] } : { line: 0, text: text.replace(`${name}.lua: `, '') };
}

function stateBadge(s) {
  const key = `scripts.state.${s.state}`;
  return badge(has(key) ? t(key) : s.state, s.state === 'running' ? 'done' : s.state);
}

function notAvailable() {
  return h('div.notice', { id: 'scripts-unavailable' }, h('h2', t('scripts.unavailableTitle')), h('p', t('scripts.unavailable')));
}

export async function render(root, { query }) {
  const listBox = h('div.panel', { id: 'scripts-list' });
  const detailBox = h('div.panel', { id: 'script-editor' });
  const outboxBox = h('div.panel', { id: 'outbox' });
  root.append(h('div.screen-head', h('h1', t('nav.scripts'))), listBox, detailBox, outboxBox);

  let scripts;
  try {
    scripts = (await get('/scripts', { limit: 1000 })).items || [];
  } catch (err) {
    // A server older than the scripting API answers 404.
    clear(root).append(h('div.screen-head', h('h1', t('nav.scripts'))), err.status === 404 ? notAvailable() : errorBox(err));
    return undefined;
  }

  async function reloadList() {
    scripts = (await get('/scripts', { limit: 1000 })).items || [];
    drawList();
  }

  function drawList() {
    const create = can('admin') ? newScriptForm() : null;
    append(clear(listBox), [h('h2', t('scripts.list')), create, table([
      { title: t('scripts.name'), render: (s) => h('a.script-link', { href: `#/scripts?name=${enc(s.name)}` }, s.name) },
      { title: t('scripts.state'), render: stateBadge },
      { title: t('scripts.topics'), render: (s) => [...(s.topics || []), ...(s.authorizes ? ['authorize'] : [])].join(', ') || '—' },
      { title: t('scripts.calls'), render: (s) => String(s.calls ?? 0) },
      { title: t('scripts.errors'), render: (s) => (s.consecutiveErrors ? t('scripts.errorCounts', { errors: s.errors, inRow: s.consecutiveErrors }) : String(s.errors ?? 0)) },
      { title: t('scripts.behind'), render: behindText },
      { title: t('scripts.lastError'), cls: 'wrap', render: (s) => s.lastError || '—' },
      { title: t('scripts.loadedAt'), render: (s) => (s.loadedAt ? formatTime(s.loadedAt) : '—') },
    ], scripts, { empty: t('scripts.none'), rowAttrs: (s) => ({ 'data-script': s.name }) })]);
  }

  // Where the script stands in the event journal: events not handled yet
  // and the age of the oldest of them.
  function behindText(s) {
    if (!s.journal) return '—';
    return s.journal.lagEvents ? t('scripts.behindBy', { events: s.journal.lagEvents, seconds: Math.round(s.journal.lagSeconds) }) : '0';
  }

  function newScriptForm() {
    const input = h('input', { id: 'script-new-name', placeholder: t('scripts.newHint'), maxLength: 64 });
    const message = messageLine();
    const go = () => {
      const name = input.value.trim();
      if (!NAME.test(name)) { message.show({ status: 400, message: t('scripts.badName') }); return; }
      location.hash = scripts.some((s) => s.name === name) ? `#/scripts?name=${enc(name)}` : `#/scripts?name=${enc(name)}&new=1`;
    };
    input.addEventListener('keydown', (e) => { if (e.key === 'Enter') go(); });
    return h('div', h('div.script-tools', field(t('scripts.newName'), input), button(t('scripts.new'), go, 'primary')), message);
  }

  drawList();

  // One script: its state and actions, the editor (admins), the test run (admins), its errors.
  async function openScript(name, isNew) {
    const known = scripts.find((s) => s.name === name);
    if (!known && !(isNew && can('admin'))) {
      clear(detailBox).append(errorBox({ status: 404, message: t('scripts.noSuch', { name }) }));
      return;
    }
    const head = h('div.script-head');
    const message = messageLine();
    message.id = 'script-message';
    const errorsBox = h('div', { id: 'script-errors' });
    let status = known;

    function drawHead() {
      const actions = can('admin') && status ? [
        status.state === 'running'
          ? button(t('scripts.disable'), async () => { message.clear(); status = await api('POST', `/scripts/${enc(name)}/disable`); await afterChange(); }, 'script-disable')
          : button(t('scripts.enable'), async () => { message.clear(); status = await api('POST', `/scripts/${enc(name)}/enable`); await afterChange(); }, 'script-enable'),
      ] : [];
      clear(head).append(h('div.screen-head', h('h2', name, ' ', status ? stateBadge(status) : badge(t('scripts.unsaved'), 'pending')), h('div.actions', actions)));
      if (status && status.lastError) head.append(h('p.hint', t('scripts.lastError'), ': ', status.lastError));
    }
    async function afterChange() {
      await reloadList();
      status = scripts.find((s) => s.name === name) || status;
      drawHead();
      await loadErrors();
    }
    async function loadErrors() {
      if (!status) { clear(errorsBox); return; }
      await fill(errorsBox, async () => {
        const { items, deadLetters = [] } = await get(`/scripts/${enc(name)}/errors`);
        return [h('h3', t('scripts.recentErrors')), items.length
          ? h('ul.errors-list', items.map((e) => h('li', h('time', formatTime(e.at)), ' ', h('code', e.where), ' ', e.message)))
          : h('p.hint', t('scripts.noErrors')),
        h('h3', t('scripts.deadLetters')), deadLetters.length
          ? h('ul.errors-list', { id: 'script-dead-letters' }, deadLetters.map((d) => h('li', h('time', formatTime(d.at)), ' ',
            h('code', `${d.topic} #${d.seq}`), ' ', t('scripts.attempts', { attempts: d.attempts }), ' ', d.error)))
          : h('p.hint', t('scripts.noDeadLetters')),
        skipButton()];
      });
    }

    // An admin may let a script that was stopped long skip what it missed.
    function skipButton() {
      if (!can('admin') || !status?.journal?.lagEvents) return null;
      // button() disables itself while the action runs.
      return h('div.script-tools', button(t('scripts.skipToNow'), async () => {
        if (!(await confirmDialog(t('scripts.confirmSkip', { name, events: status.journal.lagEvents }), t('scripts.skipToNow')))) return;
        await api('POST', `/scripts/${enc(name)}/skip-to-now`);
        toast(t('scripts.skipped'));
        await afterChange();
      }, 'script-skip'));
    }

    clear(detailBox).append(loading());
    let source = '';
    if (can('admin') && status) {
      try { source = (await get(`/scripts/${enc(name)}`)).source || ''; } catch (err) { clear(detailBox).append(errorBox(err)); return; }
    } else if (!status) {
      source = template(name);
    }
    drawHead();
    const parts = [head];
    if (can('admin') && status) parts.push(scriptSettingsPanel(name));
    if (can('admin')) {
      const editor = luaEditor(source);
      const save = button(t('common.save'), async () => {
        message.clear();
        editor.markLine(0);
        try {
          const saved = await api('PUT', `/scripts/${enc(name)}`, { source: editor.value });
          if (!status) { location.hash = `#/scripts?name=${enc(name)}&saved=1`; return; }
          status = saved;
          message.ok(t('scripts.saved'));
          await afterChange();
        } catch (err) {
          if (err.status === 400 && err.field === 'source') {
            const { line, text } = compileError(err.message, name);
            message.show({ status: 400, message: line ? t('scripts.compileLine', { line, message: text }) : text });
            editor.markLine(line);
          } else {
            message.show(err);
          }
        }
      }, 'primary script-save');
      editor.addEventListener('keydown', (e) => {  // Ctrl+S / Cmd+S saves, as in any editor
        if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') { e.preventDefault(); if (!save.disabled) save.click(); }
      });
      parts.push(editor, message, h('div.actions', save, h('small.hint', t('scripts.saveHint'))));
      if (status) parts.push(testPanel(name, status));
    } else {
      parts.push(h('p.hint', t('scripts.adminOnly')));
    }
    parts.push(errorsBox);
    clear(detailBox).append(...parts);
    if (query.saved) {
      message.ok(t('scripts.saved'));
      history.replaceState(null, '', `#/scripts?name=${enc(name)}`);  // a reload should not say it again
    }
    await loadErrors();
  }

  if (query.name) await openScript(query.name, !!query.new);
  else detailBox.append(h('p.hint', t('scripts.pick')));

  const stopOutbox = await outboxPanel(outboxBox);
  return stopOutbox;
}

// The server embeds the result's JSON text, and a scalar one (a number, nil)
// arrives as that text in a string ("1", "null"): shown as the value it is.
// The script's declared settings (its "-- @setting" lines) as a form;
// saving reloads the script with them.
function scriptSettingsPanel(name) {
  const box = h('div.script-settings', { id: 'script-settings' });
  const draw = (answer) => {
    clear(box).append(settingsForm(answer.items, (values) => api('PUT', `/scripts/${enc(name)}/settings`, { values }),
      { idPrefix: 'script-setting', title: t('scripts.settings') }));
    if (answer.problems.length) box.append(h('p.hint', answer.problems.join('; ')));
  };
  fill(box, async () => { draw(await get(`/scripts/${enc(name)}/settings`)); return Array.from(box.childNodes); });
  return box;
}

function resultText(result) {
  let value = result;
  if (typeof value === 'string') { try { value = JSON.parse(value); } catch { /* a plain string */ } }
  return value === undefined || value === null ? 'nil' : jsonText(value);
}

// The test run: a topic and its payload; the answer's result, error and log lines.
function testPanel(name, status) {
  const firstTopic = (status.topics || []).find((x) => !x.includes('*')) || (status.authorizes ? 'authorize' : 'record.created');
  const topic = h('input', { id: 'script-topic', value: firstTopic, maxLength: 128 });
  const payload = h('textarea.code', { rows: 6, id: 'script-payload', spellcheck: false }, jsonText(SAMPLES[firstTopic] || {}));
  topic.addEventListener('change', () => { if (SAMPLES[topic.value]) payload.value = jsonText(SAMPLES[topic.value]); });
  const out = h('div.test-result', { id: 'script-test-result', 'aria-live': 'polite' });
  const run = button(t('scripts.test'), async () => {
    clear(out);
    let body;
    try {
      body = payload.value.trim() ? JSON.parse(payload.value) : {};
      if (typeof body !== 'object' || Array.isArray(body) || body === null) throw new Error(t('scripts.payloadObject'));
    } catch (err) {
      out.append(errorBox({ status: 400, message: t('device.badJson', { reason: err.message }) }));
      return;
    }
    try {
      const r = await api('POST', `/scripts/${enc(name)}/test`, { topic: topic.value.trim(), payload: body });
      append(out, [
        h('p', h(`b.${r.ok ? 'ok' : 'failed'}`, r.ok ? t('scripts.testOk') : t('scripts.testFailed')), ' ',
          t('scripts.testStats', { handlers: r.handlers, ms: (r.elapsedMicros / 1000).toFixed(1) })),
        r.error ? h('div.error', { id: 'script-test-error' }, r.error) : null,
        !r.handlers ? h('p.hint', t('scripts.noHandler', { topic: topic.value })) : null,
        h('h4', t('scripts.result')), h('pre.json', { id: 'script-result' }, resultText(r.result)),
        h('h4', t('scripts.log')), h('pre.json', { id: 'script-log' }, (r.log || []).join('\n') || t('scripts.noLog'))]);
    } catch (err) {
      out.append(errorBox(err));
    }
  }, 'script-test');
  return h('div.script-test', h('h3', t('scripts.testTitle')), h('p.hint', t('scripts.testHint')),
    h('div.script-tools', field(t('scripts.topic'), topic)), field(t('scripts.sample'), payload), run, out);
}
