// The device page's command form, built from the command kinds the device's
// plugin declares (GET /plugins/{protocol}: commands [{kind, description,
// args: [{name, type, required, description}]}]). The page knows no plugin:
// a kind without arguments is sent with one click, one with arguments opens
// its form; "Other command" sends a kind the plugin takes but does not
// declare. Required arguments are checked here and again by the server
// (400 missing_argument / bad_argument, shown in the page's language).
import { h, clear } from '../dom.js';
import { t, has } from '../i18n.js';
import { api } from '../api.js';
import { button, field, messageLine, toast } from '../ui.js';

export function kindLabel(kind) {
  return has(`cmd.kind.${kind}`) ? t(`cmd.kind.${kind}`) : kind;
}

function argInput(arg) {
  const id = `command-arg-${arg.name}`;
  if (arg.type === 'bool') {
    return h('select', { id, 'data-arg': arg.name },
      h('option', { value: '' }, '—'), h('option', { value: 'true' }, 'true'), h('option', { value: 'false' }, 'false'));
  }
  return h('input', { id, 'data-arg': arg.name, type: arg.type === 'int' ? 'number' : 'text', step: arg.type === 'int' ? '1' : undefined, autocomplete: 'off' });
}

// The arguments as the plugin reads them: ints as numbers, bools as booleans;
// empty optional ones are left out. Returns {args} or {missing: name}.
function readArgs(declared, inputs) {
  const args = {};
  for (const arg of declared) {
    const text = inputs[arg.name].value.trim();
    if (text === '') {
      if (arg.required) return { missing: arg.name };
      continue;
    }
    args[arg.name] = arg.type === 'int' && /^-?\d+$/.test(text) ? Number(text) : arg.type === 'bool' ? text === 'true' : text;
  }
  return { args };
}

// commands: the declared kinds; send(kind, args) queues one and resolves
// with the command; `sent` is called after each.
export function commandForm(commands, send, sent) {
  const message = messageLine();
  const form = h('div.command-args', { id: 'command-form' });

  function open(command) {
    message.clear();
    const inputs = {};
    const rows = command.args.map((arg) => {
      inputs[arg.name] = argInput(arg);
      return field(h('span', h('code', arg.name), arg.required ? h('span.required', ' *') : null), inputs[arg.name], arg.description);
    });
    const submit = button(t('command.send'), async () => {
      message.clear();
      const { args, missing } = readArgs(command.args, inputs);
      if (missing) {
        message.show({ status: 400, code: 'missing_argument', field: missing, message: t('command.argRequired', { name: missing }) });
        inputs[missing].focus();
        return;
      }
      await queue(command.kind, args);
    }, 'primary command-send');
    submit.id = 'command-send';
    clear(form).append(h('h3', kindLabel(command.kind), command.description ? h('small.hint', ` · ${command.description}`) : null),
      h('div.form-grid', rows), h('div.actions', submit, button(t('common.cancel'), () => clear(form))));
    (rows.length ? Object.values(inputs)[0] : submit).focus();
  }

  function openOther() {
    message.clear();
    const kind = h('input', { id: 'command-other-kind', autocomplete: 'off', placeholder: 'open_door' });
    const args = h('textarea.code', { id: 'command-other-args', rows: 3, spellcheck: false }, '{}');
    const submit = button(t('command.send'), async () => {
      message.clear();
      let value;
      try { value = JSON.parse(args.value || '{}'); } catch (err) { message.show({ status: 400, message: t('device.badJson', { reason: err.message }) }); return; }
      await queue(kind.value.trim(), value);
    }, 'primary command-send');
    submit.id = 'command-send';
    clear(form).append(h('h3', t('command.other')),
      h('div.form-grid', field(t('command.kind'), kind), field(t('command.args'), args, t('command.argsHint'))),
      h('div.actions', submit, button(t('common.cancel'), () => clear(form))));
    kind.focus();
  }

  async function queue(kind, args) {
    try {
      const c = await send(kind, args);
      toast(t('command.queued', { kind: kindLabel(kind), id: c.id }));
      clear(form);
      if (sent) await sent(c);
    } catch (err) {
      message.show(err);
      if (err.field) document.getElementById(`command-arg-${err.field}`)?.focus();
    }
  }

  const buttons = commands.map((c) => {
    const b = button(kindLabel(c.kind), () => (c.args.length ? open(c) : queue(c.kind, {})), `cmd-${c.kind}`);
    b.title = c.description || c.kind;
    return b;
  });
  buttons.push(button(t('command.other'), openOther, 'cmd-other'));
  return h('div', h('div.actions.commands', buttons), form, message);
}

// The declared command kinds of a device's plugin ([] when the plugin is
// not on this host or declares none).
export async function declaredCommands(protocol) {
  try {
    return (await api('GET', `/plugins/${encodeURIComponent(protocol)}`)).commands || [];
  } catch (err) {
    if (err.status === 404) return [];
    throw err;
  }
}
