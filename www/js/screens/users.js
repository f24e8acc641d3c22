// Admin users (who may log in here) and their roles.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { get, api, currentUser } from '../api.js';
import { table, pager, fill, button, dialog, field, toast, badge, confirmDialog, messageLine } from '../ui.js';
import { formatTime } from '../time.js';

const ROLES = ['viewer', 'operator', 'admin'];

function roleSelect(value) {
  return h('select', { name: 'role', id: 'user-role' }, ROLES.map((r) => h('option', { value: r, selected: r === value }, t(`role.${r}`))));
}

export async function render(root) {
  const list = h('div');
  const lockouts = h('div', { id: 'lockouts' });
  let offset = 0;
  root.append(h('div.screen-head', h('h1', t('nav.users')), button(t('user.new'), () => edit(null), 'primary')), list,
    h('h2', t('lockout.title')), h('p.hint', t('lockout.hint')), lockouts);

  function edit(user) {
    const username = h('input', { name: 'username', id: 'user-username', value: user ? user.username : '', disabled: !!user, maxLength: 64 });
    const password = h('input', { name: 'password', id: 'user-password', type: 'password', autocomplete: 'new-password', placeholder: user ? t('user.passwordKeep') : '' });
    const role = roleSelect(user ? user.role : 'viewer');
    const disabled = h('input', { type: 'checkbox', id: 'user-disabled', checked: !!(user && user.disabled) });
    const message = messageLine();
    const content = h('form.form-grid', field(t('user.username'), username), field(t('user.password'), password, t('user.passwordHint')),
      field(t('user.role'), role), h('label.field.check', disabled, h('span', t('user.disabled'))), message);
    dialog(user ? t('user.edit', { name: user.username }) : t('user.new'), content, [
      { label: t('common.cancel'), value: false },
      {
        label: t('common.save'), cls: 'primary',
        run: async () => {
          const body = { role: role.value, disabled: disabled.checked };
          if (password.value) body.password = password.value;
          try {
            if (user) await api('PATCH', `/users/${user.id}`, body);
            else await api('POST', '/users', { ...body, username: username.value.trim(), password: password.value });
          } catch (err) {
            message.show(err);
            return false;
          }
          toast(t('common.saved'));
          load();
          return true;
        },
      },
    ]);
  }

  async function load() {
    await fill(list, async () => {
      const page = await get('/users', { offset, limit: 50 });
      return [table([
        { title: t('user.username'), render: (u) => u.username },
        { title: t('user.role'), render: (u) => t(`role.${u.role}`) },
        { title: t('user.status'), render: (u) => (u.disabled ? badge(t('user.disabled'), 'disabled') : badge(t('user.active'), 'active')) },
        { title: t('common.created'), render: (u) => formatTime(u.createdAt) },
        { title: '', cls: 'actions', render: (u) => [
          button(t('common.edit'), () => edit(u), 'small'),
          u.id !== currentUser().id ? button(t('common.delete'), async () => {
            if (!(await confirmDialog(t('user.confirmDelete', { name: u.username }), t('common.delete')))) return;
            await api('DELETE', `/users/${u.id}`);
            toast(t('common.deleted'));
            load();
          }, 'small danger') : null,
        ] },
      ], page.items), pager(page, (o) => { offset = o; load(); })];
    });
  }
  // Usernames and addresses the login throttle locked after too many failed
  // logins; an admin lifts a lockout at once instead of waiting it out.
  async function loadLockouts() {
    await fill(lockouts, async () => {
      const page = await get('/auth/lockouts');
      return table([
        { title: t('lockout.kind'), render: (l) => t(`lockout.kind.${l.kind}`) },
        { title: t('lockout.subject'), render: (l) => l.subject },
        { title: t('lockout.count'), render: (l) => String(l.lockouts) },
        { title: t('lockout.until'), render: (l) => formatTime(l.lockedUntil) },
        { title: '', cls: 'actions', render: (l) => button(t('lockout.lift'), async () => {
          await api('DELETE', `/auth/lockouts/${l.kind}/${encodeURIComponent(l.subject)}`);
          toast(t('lockout.lifted'));
          loadLockouts();
        }, 'small') },
      ], page.items, { empty: t('lockout.none') });
    });
  }

  await Promise.all([load(), loadLockouts()]);
}
