// A real passwayd for browser tests: a temporary folder with its own SQLite
// file and blob store, 127.0.0.1 on free ports, the httpv2 plugin loaded, the
// first admin's password set; and simulated HTTPv2 terminals (httpv2-sim).
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, copyFileSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
export const SOURCE_DIR = process.env.PASSWAY_SOURCE_DIR || resolve(here, '../../..');
export const BINARY_DIR = process.env.PASSWAY_BINARY_DIR || join(SOURCE_DIR, 'build');
export const PASSWORD = 'browser-test-admin-password';

export function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => ok(port)); });
  });
}

// Waits until `output()` contains `text` or the process ends.
function waitForOutput(child, output, text, timeoutMs) {
  return new Promise((ok, fail) => {
    const timer = setInterval(check, 50);
    const deadline = Date.now() + timeoutMs;
    function check() {
      if (output().includes(text)) { clearInterval(timer); ok(); }
      else if (child.exitCode !== null || Date.now() > deadline) { clearInterval(timer); fail(new Error(`passwayd did not start:\n${output()}`)); }
    }
  });
}

// `set`: more configuration as 'key=value' (e.g. the outbox's attempts, the face models).
// `prepare(dir)`: puts files into the site's folder before passwayd starts
// (a restored backup's passway.db and blobs/).
// `enabled`: plugins.enabled as --set (null: not set, so the Plugins screen
// decides). `scripts`: shipped scripts (scripts/<name>.lua) to copy in.
export async function startSite({ set: extra = [], enabled = 'httpv2', scripts = [], prepare } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'passway-browser-'));
  mkdirSync(join(dir, 'scripts'), { recursive: true });
  for (const name of scripts) copyFileSync(join(SOURCE_DIR, 'scripts', `${name}.lua`), join(dir, 'scripts', `${name}.lua`));
  if (prepare) await prepare(dir);
  const httpPort = await freePort();
  const devicePort = await freePort();
  const bin = join(BINARY_DIR, 'bin', 'passwayd');
  if (!existsSync(bin)) throw new Error(`passwayd is not built: ${bin}`);
  const set = (kv) => ['--set', kv];
  const args = [
    ...set('http.address=127.0.0.1'), ...set(`http.port=${httpPort}`), ...set(`www.dir=${join(SOURCE_DIR, 'www')}`),
    ...set(`store.path=${join(dir, 'passway.db')}`), ...set('store.synchronous=NORMAL'), ...set(`blobs.path=${join(dir, 'blobs')}`),
    ...set(`data.path=${join(dir, 'data')}`), ...set(`log.path=${join(dir, 'passway.log')}`), ...set(`admin.bootstrap_password=${PASSWORD}`), ...set(`scripts.dir=${join(dir, 'scripts')}`),
    ...set(`plugins.dir=${join(BINARY_DIR, 'bin', 'plugins')}`), ...(enabled === null ? [] : set(`plugins.enabled=${enabled}`)), ...set(`plugin.httpv2.port=${devicePort}`),
    ...extra.flatMap(set),
  ];
  const child = spawn(bin, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  await waitForOutput(child, () => output, 'Admin page:', 30000);
  const url = `http://127.0.0.1:${httpPort}`;
  const sims = [];
  return {
    url, httpPort, devicePort, dir,
    log: () => { try { return readFileSync(join(dir, 'passway.log'), 'utf8'); } catch { return output; } },
    // A token for setting things up through the API directly.
    async token() {
      const r = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
      return (await r.json()).token;
    },
    // Starts simulated terminals that call in every second until stopped.
    // `alarm`: the AlarmStatus its keepalives report (e.g. 'fire');
    // `clockOffset`: its clock minus the real one, in seconds.
    startTerminal({ sn, records = 0, photo, alarm, clockOffset } = {}) {
      const sim = [join(BINARY_DIR, 'bin', 'httpv2-sim'), join(BINARY_DIR, 'tests', 'sim', 'httpv2', 'httpv2-sim')].find(existsSync);
      if (!sim) throw new Error('httpv2-sim is not built');
      const simArgs = ['--host', '127.0.0.1', '--port', String(devicePort), '--sn', sn, '--interval', '1', '--sessions', '0'];
      if (records) simArgs.push('--records', String(records));
      if (photo) simArgs.push('--photo', photo);
      if (alarm) simArgs.push('--alarm', alarm);
      if (clockOffset) simArgs.push('--clock-offset', String(clockOffset));
      const p = spawn(sim, simArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
      p.output = '';
      p.stdout.on('data', (d) => { p.output += d; });
      p.stderr.on('data', (d) => { p.output += d; });
      sims.push(p);
      return p;
    },
    async stop() {
      for (const p of sims) if (p.exitCode === null) p.kill('SIGTERM');
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((ok) => { const t = setTimeout(() => { child.kill('SIGKILL'); ok(); }, 15000); child.on('exit', () => { clearTimeout(t); ok(); }); });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// A face photo from the shared test data (../shared/faces from the repository
// root), or null when it is not there.
// The shared test data (models/, faces/): $PASSWAY_SHARED_DIR, else
// ../shared beside the source tree, as for the C++ tests (tests/support/SharedData.h).
export const SHARED_DIR = process.env.PASSWAY_SHARED_DIR || resolve(SOURCE_DIR, '..', 'shared');

export function facePhoto(name) {
  const path = join(SHARED_DIR, 'faces', 'photos', name);
  return existsSync(path) ? path : null;
}

// A small real PNG (solid colour), for when no face photos are available.
export function pngBytes(width = 64, height = 64, rgb = [200, 120, 80]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
  const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4); sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4); ihdr[8] = 8; ihdr[9] = 2;
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// The face models of the shared data (SHARED_DIR/models): the settings that
// point passwayd at them, or null when they are not there.
export function faceModelSettings() {
  const dir = join(SHARED_DIR, 'models');
  const detector = join(dir, 'face_detection_yunet_2022mar.onnx');
  const recognizer = join(dir, 'face_recognition_mobilefacenet_foamliu_sf.onnx');
  if (!existsSync(detector) || !existsSync(recognizer)) return null;
  return [`face.detector=${detector}`, `face.recognizer=${recognizer}`, 'face.workers=1'];
}
