// The admin page: a hash router, the frame (navigation, language, user) and
// the screens in screens/*.js. Each screen exports render(root, params) and
// may return a cleanup function (timers, live streams).
import { h, clear } from './dom.js';
import { t, lang, setLang, onLangChange } from './i18n.js';
import { currentUser, can, logout } from './api.js';
import { errorBox } from './ui.js';

const screens = {
  dashboard: { load: () => import('./screens/dashboard.js'), role: 'viewer', nav: true },
  devices: { load: () => import('./screens/devices.js'), role: 'viewer', nav: true },
  device: { load: () => import('./screens/device.js'), role: 'viewer', parent: 'devices' },
  persons: { load: () => import('./screens/persons.js'), role: 'viewer', nav: true },
  person: { load: () => import('./screens/person.js'), role: 'viewer', parent: 'persons' },
  records: { load: () => import('./screens/records.js'), role: 'viewer', nav: true },
  attendance: { load: () => import('./screens/attendance.js'), role: 'viewer', nav: true },
  face: { load: () => import('./screens/face.js'), role: 'operator', nav: true },
  commands: { load: () => import('./screens/commands.js'), role: 'viewer', nav: true },
  reviews: { load: () => import('./screens/reviews.js'), role: 'viewer', nav: true },
  plugins: { load: () => import('./screens/plugins.js'), role: 'viewer', nav: true },
  scripts: { load: () => import('./screens/scripts.js'), role: 'viewer', nav: true },
  users: { load: () => import('./screens/users.js'), role: 'admin', nav: true },
  audit: { load: () => import('./screens/audit.js'), role: 'admin', nav: true },
  backups: { load: () => import('./screens/backups.js'), role: 'admin', nav: true },
  settings: { load: () => import('./screens/settings.js'), role: 'viewer', nav: true },
};

const app = document.getElementById('app');
let cleanup = null;
let renderToken = 0;

// '#/persons/42?x=1' → { name: 'person', params: { id: '42' }, query }
function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, queryText] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const query = Object.fromEntries(new URLSearchParams(queryText || ''));
  if (!parts.length) return { name: 'dashboard', params: {}, query };
  if (parts[0] === 'devices' && parts[1]) return { name: 'device', params: { id: parts[1] }, query };
  if (parts[0] === 'persons' && parts[1]) return { name: 'person', params: { id: parts[1] }, query };
  return { name: parts[0], params: {}, query };
}

function frame(active) {
  const user = currentUser();
  const nav = h('nav.nav', { id: 'nav' },
    Object.entries(screens).filter(([name, s]) => s.nav && can(s.role)).map(([name]) =>
      h('a', { href: `#/${name}`, class: name === active ? 'active' : '', 'data-screen': name }, t(`nav.${name}`))));
  const langButton = h('button.lang', { type: 'button', id: 'lang-toggle', title: t('app.language'), onclick: () => setLang(lang() === 'zh' ? 'en' : 'zh') },
    lang() === 'zh' ? 'English' : '中文');
  const menuButton = h('button.menu', { type: 'button', 'aria-label': t('app.menu'), onclick: () => nav.classList.toggle('open') }, '☰');
  const header = h('header.top',
    menuButton,
    h('a.brand', { href: '#/dashboard' }, 'Passway'),
    nav,
    h('div.who',
      langButton,
      h('span.user', { id: 'current-user' }, `${user.username} · ${t(`role.${user.role}`)}`),
      h('button', { type: 'button', id: 'logout', onclick: () => logout() }, t('app.logout'))));
  const main = h('main.main', { id: 'main' });
  clear(app).append(header, main);
  app.className = '';
  return main;
}

async function route() {
  const token = ++renderToken;
  if (cleanup) { try { cleanup(); } catch { /* a screen's cleanup must not stop navigation */ } cleanup = null; }
  document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
  document.title = 'Passway';
  if (!currentUser()) {
    const { render } = await import('./screens/login.js');
    if (token !== renderToken) return;
    clear(app).className = 'login-page';
    render(app, { onLogin: () => { if (!location.hash || location.hash === '#/') route(); else route(); } });
    return;
  }
  const { name, params, query } = parseHash();
  const screen = screens[name];
  const main = frame(screen ? (screen.parent || name) : '');
  if (!screen) { main.append(errorBox({ status: 404, message: t('app.noScreen') })); return; }
  if (!can(screen.role)) { main.append(errorBox({ status: 403, message: t('app.needRole', { role: t(`role.${screen.role}`) }) })); return; }
  try {
    const module = await screen.load();
    if (token !== renderToken) return;
    document.title = `${t(`nav.${screen.parent || name}`)} · Passway`;
    const result = await module.render(main, { ...params, query });
    if (token !== renderToken) { if (typeof result === 'function') result(); return; }
    if (typeof result === 'function') cleanup = result;
  } catch (err) {
    console.warn('screen failed', err);
    if (token === renderToken) main.append(errorBox(err));
  }
}

window.addEventListener('hashchange', route);
window.addEventListener('passway:logout', route);
onLangChange(route);
route();
