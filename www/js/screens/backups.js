// Backups and retention: the backups in backup.dir (made on backup.cron or
// with the button), how to restore one (README "Backups and restore"), and
// what records.retention_days keeps.
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { get, api } from '../api.js';
import { table, fill, messageLine, busy } from '../ui.js';
import { formatTime } from '../time.js';

const size = (bytes) => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

export async function render(root) {
  const list = h('div', { id: 'backup-list' });
  const info = h('p.hint', { id: 'backup-info' });
  const message = messageLine();
  message.id = 'backup-message';
  const make = h('button.primary', { type: 'button', id: 'backup-now' }, t('backup.now'));
  make.addEventListener('click', busy(make, async () => {
    message.clear();
    const made = await api('POST', '/backups');
    message.ok(t('backup.made', { name: made.name }));
    await load();
  }, (err) => message.show(err)));
  const retention = h('div', { id: 'retention' });

  root.append(h('div.screen-head', h('h1', t('nav.backups'))),
    h('div.panel', h('h2', t('backup.title')), info, h('div.actions', make), message, list,
      h('details', h('summary', t('backup.restoreTitle')), h('ol.restore-steps',
        h('li', t('backup.restore1')), h('li', t('backup.restore2')), h('li', t('backup.restore3')), h('li', t('backup.restore4'))))),
    h('div.panel', h('h2', t('retention.title')), retention));

  async function load() {
    await fill(list, async () => {
      const backups = await get('/backups');
      clear(info).append(t('backup.where', { dir: backups.dir, keep: backups.keep }), ' ',
        backups.cron ? t('backup.scheduled', { cron: backups.cron, next: formatTime(backups.nextBackupAt) }) : t('backup.noSchedule'));
      if (backups.lastError) message.show({ status: 500, code: 'backup_failed', message: backups.lastError });
      return table([
        { title: t('backup.name'), render: (b) => h('code', b.name) },
        { title: t('backup.created'), render: (b) => formatTime(b.createdAt) },
        { title: t('backup.database'), render: (b) => size(b.databaseBytes) },
        { title: t('backup.photos'), render: (b) => `${b.blobs} · ${size(b.blobBytes)}` },
        { title: t('backup.path'), render: (b) => h('code.backup-path', b.path) },
      ], backups.items, { empty: t('backup.none'), rowAttrs: (b) => ({ 'data-backup': b.name }) });
    });
  }

  async function loadRetention() {
    await fill(retention, async () => {
      const r = await get('/retention');
      const facts = h('dl.facts',
        h('dt', t('retention.days')), h('dd', { id: 'retention-days' }, r.days > 0 ? t('retention.keepDays', { days: r.days }) : t('retention.forever')),
        h('dt', t('retention.oldest')), h('dd', formatTime(r.oldestRecord)),
        h('dt', t('retention.lastRun')), h('dd', r.lastRun ? t('retention.ran', { at: formatTime(r.lastRun.at), records: r.lastRun.records, photos: r.lastRun.photos }) : '—'));
      return [facts, h('p.hint', t('retention.hint')), r.lastError ? h('div.error', r.lastError) : null];
    });
  }

  await Promise.all([load(), loadRetention()]);
}
