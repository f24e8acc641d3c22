// Checks of the page's code that need no browser: every text the screens ask
// for exists in both languages, and the Lua highlighter covers its input
// exactly and classifies it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SOURCE_DIR } from '../lib/site.mjs';

const js = join(SOURCE_DIR, 'www', 'js');

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.js') ? [path] : [];
  });
}

test('every literal translation key exists in Chinese and English, and both have the same keys', async () => {
  const { en } = await import(join(js, 'lang', 'en.js'));
  const { zh } = await import(join(js, 'lang', 'zh.js'));
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  const used = new Set();
  for (const file of sources(js).filter((f) => !f.endsWith('i18n.js'))) {  // its comment shows t('key')
    for (const m of readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
  }
  assert.ok(used.size > 150, `only ${used.size} keys found; is the pattern still right?`);
  const missing = [...used].filter((k) => !(k in en));
  assert.deepEqual(missing, []);
  for (const [key, text] of Object.entries(zh)) {
    const names = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    assert.deepEqual(names(text), names(en[key]), `placeholders of ${key}`);
  }
});

test('the Lua highlighter covers the source exactly and knows comments, strings, numbers and keywords', async () => {
  const { tokenize } = await import(join(js, 'lua.js'));
  const source = [
    '-- a comment',
    'local n = 0x1F + 3.5e2 -- trailing',
    'function passway_on(event) if event.topic == "record.created" then return [[long',
    'string]] end end',
    "--[==[ block",
    "comment ]==] local s = 'it\\'s'",
  ].join('\n');
  const tokens = tokenize(source);
  assert.equal(tokens.map((t) => t.text).join(''), source);
  const of = (type) => tokens.filter((t) => t.type === type).map((t) => t.text);
  assert.deepEqual(of('comment'), ['-- a comment', '-- trailing', '--[==[ block\ncomment ]==]']);
  assert.deepEqual(of('string'), ['"record.created"', '[[long\nstring]]', "'it\\'s'"]);
  assert.deepEqual(of('number'), ['0x1F', '3.5e2']);
  assert.ok(['local', 'function', 'if', 'then', 'return', 'end'].every((k) => of('keyword').includes(k)));
  assert.equal(tokenize('x = "unterminated').at(-1).type, 'string');
});
