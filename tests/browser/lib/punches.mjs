// A simulated HTTPv2 terminal's punches, byte for byte as the seed document's
// /Record/UploadIdentifyRecord: a multipart form with SN, the RecordDetail
// JSON and, optionally, the snapshot as the Photo part.
let nextRecordId = 1;

export async function registerTerminal(site, token, sn) {
  const device = (path, body) => fetch(`http://127.0.0.1:${site.devicePort}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  await device('/Device/Keepalive', { SN: sn });  // first contact registers it
  const api = async (method, path) => (await fetch(`${site.url}/api/v1${path}`, { method, headers: { Authorization: `Bearer ${token}` } })).json();
  const id = (await api('GET', '/devices')).items.find((d) => d.serial === sn).id;
  await api('POST', `/devices/${id}/activate`);
  await device('/Device/Keepalive', { SN: sn });
  return id;
}

// `at`: unix ms of the punch; `photo`: JPEG/PNG bytes or null.
export async function punch(site, sn, { userId, name = '', at, photo = null, entry = 1 }) {
  const recordId = nextRecordId++;
  const detail = {
    RecordID: recordId, RecordType: 3, RecordDate: Math.floor(at / 1000), UserID: String(userId), Name: name,
    IdentityCard: '', Job: '', Department: '', CardNum: '0', QRCode: '', IsEntry: entry, BodyTemp: 0, PhotoLen: photo ? photo.length : 0,
  };
  const form = new FormData();
  form.append('SN', sn);
  form.append('RecordDetail', JSON.stringify(detail));
  if (photo) form.append('Photo', new Blob([photo], { type: 'image/jpeg' }), 'Photo.jpg');
  for (let attempt = 0; ; ++attempt) {  // the plugin may need a keepalive before it takes the device as active
    const r = await fetch(`http://127.0.0.1:${site.devicePort}/Record/UploadIdentifyRecord`, { method: 'POST', body: form });
    const body = await r.json().catch(() => ({}));
    if (r.ok && body.Success === 1) return recordId;
    if (attempt >= 50) throw new Error(`the punch was not accepted: HTTP ${r.status} ${JSON.stringify(body)}`);
    await fetch(`http://127.0.0.1:${site.devicePort}/Device/Keepalive`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ SN: sn }) });
    await new Promise((ok) => setTimeout(ok, 100));
  }
}
