// Login with an admin user's name and password (POST /api/v1/auth/login).
import { h } from '../dom.js';
import { t, lang, setLang } from '../i18n.js';
import { login } from '../api.js';
import { messageLine } from '../ui.js';

export function render(root, { onLogin }) {
  const username = h('input', { name: 'username', id: 'login-username', autocomplete: 'username', required: true, value: 'admin' });
  const password = h('input', { name: 'password', id: 'login-password', type: 'password', autocomplete: 'current-password', required: true });
  const message = messageLine();
  const reason = sessionStorage.getItem('passway.loginReason');
  if (reason) {
    sessionStorage.removeItem('passway.loginReason');
    message.show({ status: 401, message: reason });
  }
  const submit = h('button.primary', { type: 'submit', id: 'login-submit' }, t('login.submit'));
  const form = h('form.login', {
    onsubmit: async (e) => {
      e.preventDefault();
      submit.disabled = true;
      message.clear();
      try {
        await login(username.value.trim(), password.value);
        onLogin();
      } catch (err) {
        message.show(err);
        password.select();
      } finally {
        submit.disabled = false;
      }
    },
  },
  h('h1', 'Passway'),
  h('p.sub', t('login.subtitle')),
  h('label.field', h('span.label', t('login.username')), username),
  h('label.field', h('span.label', t('login.password')), password),
  message,
  submit,
  h('button.link', { type: 'button', id: 'lang-toggle', onclick: () => setLang(lang() === 'zh' ? 'en' : 'zh') }, lang() === 'zh' ? 'English' : '中文'));
  root.append(form);
  (username.value ? password : username).focus();
}
