// Chinese and English. The choice is kept in localStorage; the first visit
// follows the browser. t('key', {name}) fills {name} placeholders. A key
// missing from a dictionary is reported once on the console (the browser
// tests fail on console errors, so a forgotten translation is caught).
import { zh } from './lang/zh.js';
import { en } from './lang/en.js';

const LANG_KEY = 'passway.lang';
const dictionaries = { zh, en };
const listeners = [];
const reported = new Set();

let current = (() => {
  const saved = localStorage.getItem(LANG_KEY);
  if (saved && dictionaries[saved]) return saved;
  return (navigator.language || '').toLowerCase().startsWith('zh') ? 'zh' : 'en';
})();

export function lang() { return current; }

export function setLang(code) {
  if (!dictionaries[code] || code === current) return;
  current = code;
  localStorage.setItem(LANG_KEY, code);
  for (const fn of listeners) fn(code);
}

export function onLangChange(fn) { listeners.push(fn); }

export function has(key) { return key in dictionaries[current]; }

export function t(key, params) {
  let text = dictionaries[current][key];
  if (text === undefined) {
    if (!reported.has(`${current}:${key}`)) {
      reported.add(`${current}:${key}`);
      console.error(`missing translation (${current}): ${key}`);
    }
    text = en[key] ?? key;
  }
  if (params) text = text.replace(/\{(\w+)\}/g, (m, name) => (params[name] !== undefined ? String(params[name]) : m));
  return text;
}
