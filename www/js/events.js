// The live event stream (GET /api/v1/events/stream, server-sent events).
// Read with fetch() rather than EventSource so the token travels in the
// Authorization header, never in a URL. Reconnects with back-off.
import { authHeader, logout } from './api.js';
import { t } from './i18n.js';

export function connectEvents({ topics = '', onEvent, onState }) {
  const controller = new AbortController();
  let delay = 1000;
  let stopped = false;

  async function run() {
    while (!stopped) {
      try {
        const url = `/api/v1/events/stream${topics ? `?topics=${encodeURIComponent(topics)}` : ''}`;
        const response = await fetch(url, { headers: authHeader(), signal: controller.signal });
        if (response.status === 401) { stopped = true; logout(t('login.ended')); return; }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        onState && onState('live');
        delay = 1000;
        await readStream(response.body, onEvent);
      } catch (err) {
        if (stopped || err.name === 'AbortError') return;
      }
      if (stopped) return;
      onState && onState('reconnecting');
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 30000);
    }
  }

  run();
  return () => { stopped = true; controller.abort(); };
}

async function readStream(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
      if (!data) continue;
      try {
        onEvent(JSON.parse(data));
      } catch { /* a message we cannot read is skipped, not fatal */ }
    }
  }
}
