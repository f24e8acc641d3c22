// A tiny Lua syntax highlighter and code editor (a textarea over a
// highlighted <pre>), instead of a large editor library: comments, strings
// (long brackets too), numbers, keywords and the passway.* API.
import { h } from './dom.js';

const KEYWORDS = new Set(['and', 'break', 'do', 'else', 'elseif', 'end', 'false', 'for', 'function', 'goto', 'if', 'in',
  'local', 'nil', 'not', 'or', 'repeat', 'return', 'then', 'true', 'until', 'while']);
const BUILTINS = new Set(['passway', 'string', 'table', 'math', 'utf8', 'pairs', 'ipairs', 'tostring', 'tonumber', 'type',
  'pcall', 'error', 'assert', 'select', 'next', 'print', 'setmetatable', 'getmetatable', 'rawget', 'rawset']);

// [{type, text}] covering `source` exactly.
export function tokenize(source) {
  const tokens = [];
  let i = 0;
  const push = (type, text) => { if (text) tokens.push({ type, text }); };
  const longBracket = (at) => {
    const m = /^\[(=*)\[/.exec(source.slice(at, at + 64));
    if (!m) return -1;
    const close = `]${m[1]}]`;
    const end = source.indexOf(close, at + m[0].length);
    return end < 0 ? source.length : end + close.length;
  };
  while (i < source.length) {
    const rest = source.slice(i, i + 2);
    let end;
    if (rest === '--') {
      const long = longBracket(i + 2);
      end = long >= 0 ? long : (source.indexOf('\n', i) < 0 ? source.length : source.indexOf('\n', i));
      push('comment', source.slice(i, end));
    } else if (source[i] === '"' || source[i] === "'") {
      const quote = source[i];
      end = i + 1;
      while (end < source.length && source[end] !== quote && source[end] !== '\n') end += source[end] === '\\' ? 2 : 1;
      end = Math.min(source.length, end + 1);
      push('string', source.slice(i, end));
    } else if (source[i] === '[' && (end = longBracket(i)) >= 0) {
      push('string', source.slice(i, end));
    } else if (/[0-9]/.test(source[i]) || (source[i] === '.' && /[0-9]/.test(source[i + 1] || ''))) {
      const m = /^(0[xX][0-9a-fA-F.]+([pP][+-]?\d+)?|\d*\.?\d+([eE][+-]?\d+)?)/.exec(source.slice(i));
      end = i + (m ? m[0].length : 1);
      push('number', source.slice(i, end));
    } else if (/[A-Za-z_]/.test(source[i])) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i));
      end = i + m[0].length;
      push(KEYWORDS.has(m[0]) ? 'keyword' : BUILTINS.has(m[0]) ? 'builtin' : 'name', m[0]);
    } else {
      const m = /^[^A-Za-z_0-9'"\-[.]+|^./s.exec(source.slice(i));
      end = i + m[0].length;
      push('plain', m[0]);
    }
    i = end;
  }
  return tokens;
}

export function highlight(source) {
  return tokenize(source).map((tok) => (tok.type === 'plain' || tok.type === 'name' ? document.createTextNode(tok.text) : h(`span.tok-${tok.type}`, tok.text)));
}

// An editor element with .value and .markLine(n) (a compile error's line:
// highlighted and the caret put there; 0 clears it).
export function luaEditor(initial = '', { readOnly = false } = {}) {
  const mark = h('div.code-mark', { hidden: true, id: 'script-error-line' });
  const pre = h('pre.code-view', { 'aria-hidden': 'true' });
  const area = h('textarea.code-input', { spellcheck: false, readOnly, id: 'script-source', 'aria-label': 'Lua' });
  area.value = initial;
  const wrap = h('div.code-editor', mark, pre, area);
  let marked = 0;
  const place = () => {
    if (!marked) { mark.hidden = true; return; }
    const style = getComputedStyle(area);
    const lineHeight = parseFloat(style.lineHeight) || 19;
    mark.hidden = false;
    mark.style.top = `${parseFloat(style.paddingTop) + (marked - 1) * lineHeight - area.scrollTop}px`;
    mark.style.height = `${lineHeight}px`;
  };
  const paint = () => { pre.replaceChildren(...highlight(area.value + '\n')); pre.scrollTop = area.scrollTop; pre.scrollLeft = area.scrollLeft; place(); };
  area.addEventListener('input', () => { marked = 0; paint(); });
  area.addEventListener('scroll', () => { pre.scrollTop = area.scrollTop; pre.scrollLeft = area.scrollLeft; place(); });
  area.addEventListener('keydown', (e) => {
    if (e.key === 'Tab' && !readOnly) {
      e.preventDefault();
      area.setRangeText('  ', area.selectionStart, area.selectionEnd, 'end');
      paint();
    }
  });
  paint();
  Object.defineProperty(wrap, 'value', { get: () => area.value, set: (v) => { area.value = v; marked = 0; paint(); } });
  wrap.markLine = (line) => {
    marked = line > 0 ? line : 0;
    mark.dataset.line = String(marked);
    if (marked) {
      const lines = area.value.split('\n');
      const at = lines.slice(0, marked - 1).reduce((n, l) => n + l.length + 1, 0);
      area.focus();
      area.setSelectionRange(at, at);
      const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 19;
      area.scrollTop = Math.max(0, (marked - 3) * lineHeight);
    }
    place();
  };
  return wrap;
}
