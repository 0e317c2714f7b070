// The HTML report's stylesheet and its one inline script (plain ES2017, no dependencies): filters, detail panel,
// wire logs with CR/LF visible and a hex view. Data reaches the page only through textContent, never as markup.

export const STYLE = String.raw`
:root{font:14px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1d2125;background:#fafbfc}
body{margin:0}header,main{padding:0 20px}h1{margin:16px 0 4px;font-size:22px}h2{font-size:17px;margin:22px 0 8px}
.muted{color:#6a737d;font-weight:normal;font-size:12px}.bad{color:#c0262f}
table{border-collapse:collapse}th,td{padding:3px 8px;text-align:left;vertical-align:top}
.subjects td,.subjects th{border-bottom:1px solid #e1e4e8}.num{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:flex;flex-wrap:wrap;gap:20px}figure{margin:8px 0}figcaption{font-size:12px;color:#444;margin-bottom:4px}
.chart{background:#fff;border:1px solid #e1e4e8;border-radius:6px;max-width:100%;height:auto}.chart text{font-size:11px;fill:#24292e}.chart .small{font-size:10px;fill:#586069}
.dot{display:inline-block;width:8px;height:8px;border-radius:50%;background:var(--c);margin:0 1px}
.filters{position:sticky;top:0;z-index:3;background:#fafbfc;display:flex;flex-wrap:wrap;gap:6px 16px;align-items:center;padding:8px 0;border-bottom:1px solid #e1e4e8}
.filters fieldset{border:0;padding:0;margin:0;display:flex;gap:8px}.filters legend{float:left;margin-right:6px;color:#586069}.chk{white-space:nowrap}
.matrix{background:#fff;margin-top:6px}.matrix thead th{position:sticky;top:var(--bar,44px);background:#f1f3f5;z-index:2;vertical-align:bottom}
th.subj{font-size:12px;font-weight:600;max-width:90px;overflow-wrap:anywhere}th.subj span{display:block;max-height:120px;overflow:hidden}
.subject-filter{position:relative}.subject-filter summary{cursor:pointer}.subject-list{position:absolute;z-index:4;background:#fff;border:1px solid #c8ccd0;border-radius:6px;padding:6px 10px;max-height:60vh;overflow:auto;display:flex;flex-direction:column;gap:2px;min-width:220px;box-shadow:0 4px 12px rgba(0,0,0,.12)}
.sections{background:#fff;border:1px solid #e1e4e8;border-radius:6px;font-size:12px}.sections th,.sections td{padding:1px 6px;white-space:nowrap}.sections thead th{vertical-align:bottom}.sections .small{font-size:10px;color:#c0262f;margin-left:3px}
.mini{vertical-align:middle}figure.wide{flex-basis:100%;overflow-x:auto}
.matrix tr.fx{border-bottom:1px solid #eef0f2}.matrix tr.sec th{background:#e8edf3;font-weight:600;padding-top:6px}
.matrix .id{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}.matrix .title{color:#586069;font-size:11px;max-width:420px}
.spec{font-size:11px;min-width:90px;max-width:150px}.matrix tr.fx th[scope=row]{min-width:300px;max-width:420px}.lvl{font-size:11px;padding:0 4px;border-radius:3px;background:#eef}.l-MUST{background:#fde2e1}.l-SHOULD{background:#fff2c7}
.v{cursor:pointer;border:1px solid var(--c);background:#fff;color:#1d2125;border-left:6px solid var(--c);border-radius:4px;padding:1px 6px;min-width:60px;text-align:left;font:inherit;font-size:12px}
.v:hover,.v:focus{background:#f0f4ff}.v.sel{outline:2px solid #0366d6}.dots{margin-left:6px}.none{color:#aaa}
.detail{position:fixed;top:0;right:0;bottom:0;width:min(760px,96vw);background:#fff;border-left:1px solid #c8ccd0;box-shadow:-4px 0 16px rgba(0,0,0,.12);overflow:auto;z-index:5;padding:0 16px 40px}
.detail .bar{position:sticky;top:0;background:#fff;display:flex;justify-content:space-between;align-items:center;padding:10px 0;border-bottom:1px solid #e1e4e8}
.detail .bar button{font-size:20px;border:0;background:none;cursor:pointer}.detail h3{font-size:14px;margin:14px 0 4px}.detail h4{font-size:13px;margin:10px 0 2px}
.rec{border:1px solid #e1e4e8;border-left:6px solid var(--c);border-radius:6px;padding:4px 10px;margin:10px 0}
.kv{display:grid;grid-template-columns:110px 1fr;gap:2px 10px;font-size:13px}.kv dt{color:#586069}.kv dd{margin:0;word-break:break-word}
pre{background:#f6f8fa;border:1px solid #e1e4e8;border-radius:4px;padding:6px 8px;overflow:auto;max-height:360px;font:12px/1.45 ui-monospace,Menlo,Consolas,monospace;white-space:pre;margin:2px 0}
.esc{color:#b0306a;background:#fbeef4;border-radius:2px}.wire-h{font-size:12px;color:#586069;margin-top:6px}.sent .wire-h{color:#0b6e2e}.received .wire-h{color:#1f4fa3}
.toggle{margin:6px 0}.toggle button{font:inherit;font-size:12px;padding:1px 8px}.toggle button[aria-pressed=true]{background:#0366d6;color:#fff;border-color:#0366d6}
.req blockquote{margin:4px 0;padding:4px 10px;border-left:3px solid #8a63d2;background:#f6f3fc;font-size:13px}
.body{white-space:pre-wrap;word-break:break-all}.hexoff{color:#8a929a}.ok{color:#1a7f37}ul.plain{margin:2px 0;padding-left:18px}
`;

export const CLIENT_SCRIPT = String.raw`(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('h1-data').textContent);
  var byCell = {};
  data.records.forEach(function (r) { var k = r.f + ':' + r.s; (byCell[k] = byCell[k] || []).push(r); });
  var form = document.getElementById('filters');
  var rows = Array.prototype.slice.call(document.querySelectorAll('#matrix tr.fx'));
  var panel = document.getElementById('detail');
  var body = document.getElementById('detail-body');
  var hexMode = false;
  var current = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function add(parent) { for (var i = 1; i < arguments.length; i++) if (arguments[i]) parent.appendChild(arguments[i]); return parent; }
  function kv(pairs) {
    var dl = el('dl', 'kv');
    pairs.forEach(function (p) { if (p[1] === undefined || p[1] === null || p[1] === '') return; add(dl, el('dt', '', p[0]), el('dd', '', p[1])); });
    return dl;
  }
  function octets(v) { return typeof v === 'string' ? v : escapeBytes(atob(v.base64)); }
  function escapeBytes(s) {
    var out = '';
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      out += c === 13 ? '\\r' : c === 10 ? '\\n' : c === 9 ? '\\t' : c === 92 ? '\\\\' : c === 34 ? '\\"'
        : (c < 32 || c > 126) ? '\\x' + (c < 16 ? '0' : '') + c.toString(16).toUpperCase() : s[i];
    }
    return out;
  }
  function unescapeWire(s) {
    return s.replace(/\\(x[0-9A-Fa-f]{2}|[rnt\\"])/g, function (_, e) {
      return e === 'r' ? '\r' : e === 'n' ? '\n' : e === 't' ? '\t' : e.length === 3 ? String.fromCharCode(parseInt(e.slice(1), 16)) : e;
    });
  }
  // escaped octets as text: escapes highlighted, a line break after each \n
  function textView(escaped) {
    var pre = el('pre', 'wire-text');
    var re = /\\(x[0-9A-Fa-f]{2}|[rnt\\"])/g, last = 0, m;
    while ((m = re.exec(escaped)) !== null) {
      if (m.index > last) pre.appendChild(document.createTextNode(escaped.slice(last, m.index)));
      pre.appendChild(el('span', m[1] === '\\' || m[1] === '"' ? '' : 'esc', m[0]));
      if (m[1] === 'n') pre.appendChild(document.createTextNode('\n'));
      last = re.lastIndex;
    }
    if (last < escaped.length) pre.appendChild(document.createTextNode(escaped.slice(last)));
    return pre;
  }
  function hexView(escaped) {
    var bytes = unescapeWire(escaped), lines = [];
    for (var off = 0; off < bytes.length; off += 16) {
      var chunk = bytes.slice(off, off + 16), hex = '', asc = '';
      for (var i = 0; i < 16; i++) {
        if (i < chunk.length) { var c = chunk.charCodeAt(i); hex += (c < 16 ? '0' : '') + c.toString(16) + ' '; asc += c >= 32 && c < 127 ? chunk[i] : '.'; }
        else hex += '   ';
        if (i === 7) hex += ' ';
      }
      lines.push(('0000000' + off.toString(16)).slice(-8) + '  ' + hex + ' |' + asc + '|');
    }
    return el('pre', 'wire-hex', lines.join('\n') || '(no octets)');
  }
  function wireLog(rec) {
    var box = el('div', 'wire');
    if (!rec.wire.length) return add(box, el('p', 'muted', 'no octets exchanged'));
    rec.wire.forEach(function (w) {
      var n = unescapeWire(w.octets).length;
      var part = el('div', w.dir);
      add(part, el('div', 'wire-h', (w.dir === 'sent' ? '→ sent by the harness' : '← received from the subject') + ' at ' + w.at + ' ms, ' + w.segments + ' segment(s), ' + n + ' octet(s)'));
      add(part, hexMode ? hexView(w.octets) : textView(w.octets));
      box.appendChild(part);
    });
    return box;
  }
  // a body as text: printable octets as they are, CR and other controls as escapes, LF kept as a line break
  function bodyView(b64) {
    var s = atob(b64), out = '';
    for (var i = 0; i < s.length; i++) { var c = s.charCodeAt(i); out += c === 10 ? '\\n\n' : c === 13 ? '\\r' : c === 9 ? '\\t' : (c < 32 || c > 126) ? '\\x' + (c < 16 ? '0' : '') + c.toString(16).toUpperCase() : s[i]; }
    return el('pre', 'body', out);
  }
  function lines(ls) { return ls.map(function (l) { return octets(l[0]) + ': ' + octets(l[1]); }).join('\n'); }
  function observed(rec) {
    var o = rec.observed, box = el('div');
    if (!o) return add(box, el('p', 'muted', 'no observation: ' + rec.reason));
    add(box, kv([['summary', o.summary], ['connection', o.connection + (o.partial ? ' (partial response)' : '')], ['octets', o.octetsSent + ' sent, ' + o.octetsReceived + ' received'],
      ['timeouts', o.timeouts.join('; ')], ['malformation', o.malformation ? o.malformation.code + ' at ' + o.malformation.offset + ': ' + o.malformation.reason : ''],
      ['notes', o.notes.join('; ')], ['flags', (o.flooded ? 'flooded ' : '') + (o.overallTimeout ? 'overall timeout' : '')]]));
    o.responses.forEach(function (r, i) {
      add(box, el('h4', '', 'response ' + (i + 1) + ': ' + r.status + (r.interim.length ? ' (after interim ' + r.interim.join(', ') + ')' : '')));
      add(box, el('pre', '', octets(r.version) + ' ' + r.status + ' ' + octets(r.reason) + '\n' + lines(r.fields) + (r.trailers.length ? '\n-- trailers --\n' + lines(r.trailers) : '')));
      if (r.bodyLength > 0) add(box, el('div', 'muted', 'body, ' + r.bodyLength + ' octet(s)' + (r.bodyTruncated ? ' (shown truncated)' : '') + (r.echo ? ', echo JSON' : '')), bodyView(r.body));
    });
    o.requests.forEach(function (q, i) {
      add(box, el('h4', '', 'request ' + (i + 1) + ' as the subject parsed it (echo)'));
      add(box, el('pre', '', octets(q.method) + ' ' + octets(q.target) + ' ' + octets(q.version) + '\n' + lines(q.fields) + (q.trailers.length ? '\n-- trailers --\n' + lines(q.trailers) : '') + '\n\nbody: ' + escapeBytes(atob(q.body))));
    });
    return box;
  }
  function expected(fx, rec) {
    var ul = el('ul', 'plain');
    fx.expected.outcomes.forEach(function (o) {
      var ok = rec.matched.indexOf(o.name) >= 0, mm = rec.mismatches.filter(function (m) { return m.outcome === o.name; })[0];
      add(ul, el('li', ok ? 'ok' : '', (ok ? '✓ ' : '✗ ') + o.name + ' (' + o.level + ')' + (mm ? ' — ' + mm.why : '')));
    });
    fx.expected.never.forEach(function (n) {
      var v = rec.violated.filter(function (x) { return x.never === n.description; })[0];
      add(ul, el('li', v ? 'bad' : 'ok', 'never: ' + n.description + ' (' + n.level + ')' + (v ? ' — violated: ' + v.by : '')));
    });
    return ul;
  }
  // the requirement sentence(s) a record is about: the RFC's words when the results quote them
  function requirement(fx) {
    var box = el('div', 'req');
    fx.req.forEach(function (q) {
      var bq = el('blockquote');
      add(bq, el('strong', '', q.cite + ' (' + q.level + (q.rfc ? '' : ', the fixture’s requirement sentence') + '): '), document.createTextNode(q.text));
      box.appendChild(bq);
    });
    return box;
  }
  function render() {
    if (!current) return;
    var fx = data.fixtures[current.f], subj = data.subjects[current.s], recs = byCell[current.f + ':' + current.s] || [];
    document.getElementById('detail-title').textContent = fx.id + ' · ' + subj.name;
    body.textContent = '';
    add(body, el('p', '', fx.title), kv([['file', fx.file], ['spec', fx.spec.join(', ')], ['level', fx.level], ['role', fx.role], ['tags', fx.tags.join(', ')], ['subject', subj.name + (subj.version ? ' (' + subj.version + ')' : '')]]));
    var tg = el('div', 'toggle');
    [['text', false], ['hex', true]].forEach(function (m) {
      var b = el('button', '', m[0] === 'text' ? 'wire as text (CR/LF visible)' : 'wire as hex');
      b.type = 'button'; b.setAttribute('aria-pressed', String(hexMode === m[1]));
      b.addEventListener('click', function () { hexMode = m[1]; render(); });
      tg.appendChild(b);
    });
    body.appendChild(tg);
    recs.forEach(function (rec) {
      var box = el('section', 'rec v-' + rec.verdict);
      box.setAttribute('data-delivery', rec.delivery);
      var failing = rec.verdict === 'fail' || rec.verdict === 'warn' || rec.verdict === 'error';
      add(box, el('h3', '', rec.delivery + ': ' + rec.verdict + (rec.delivery === 'random-splits' ? ' (seed ' + rec.seed + ')' : '')),
        failing ? el('h4', '', 'requirement') : null, failing ? requirement(fx) : null, el('h4', '', 'why'), el('p', '', rec.reason),
        el('h4', '', 'expected'), expected(fx, rec), el('h4', '', 'observed'), observed(rec), el('h4', '', 'wire log'), wireLog(rec));
      body.appendChild(box);
    });
    panel.hidden = false;
  }
  function open(f, s, btn) {
    current = { f: f, s: s };
    Array.prototype.forEach.call(document.querySelectorAll('.v.sel'), function (b) { b.classList.remove('sel'); });
    if (btn) btn.classList.add('sel');
    render();
    try { history.replaceState(null, '', '#' + encodeURIComponent(data.fixtures[f].id) + '/' + encodeURIComponent(data.subjects[s].name)); } catch (e) { /* file:// may refuse */ }
  }
  function close() { panel.hidden = true; current = null; }
  document.getElementById('matrix').addEventListener('click', function (e) {
    var b = e.target.closest ? e.target.closest('button.v') : null;
    if (b) open(Number(b.getAttribute('data-f')), Number(b.getAttribute('data-s')), b);
  });
  document.getElementById('detail-close').addEventListener('click', close);
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape') close(); });

  // the matrix header sticks just below the filter bar, whatever height the bar wraps to
  function barHeight() { document.documentElement.style.setProperty('--bar', form.offsetHeight + 'px'); }
  window.addEventListener('resize', barHeight);
  barHeight();
  // subject filter: hide the columns of unticked subjects (matrix and section table)
  function subjectsShown() {
    var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name=subject]'));
    var on = {};
    boxes.forEach(function (b) {
      // a role filter also hides the subjects of other roles (their cells would all be empty)
      var role = form.elements.namedItem('role').value, show = b.checked && (!role || data.subjects[b.value].role === role);
      on[b.value] = show;
      Array.prototype.forEach.call(document.querySelectorAll('.c-' + b.value), function (e) { e.hidden = !show; });
    });
    document.getElementById('subjects-shown').textContent = boxes.filter(function (b) { return on[b.value]; }).length + ' of ' + boxes.length;
    return on;
  }
  function setAll(v) {
    Array.prototype.forEach.call(form.querySelectorAll('input[name=subject]'), function (b) { b.checked = v; });
    apply();
  }
  document.getElementById('subjects-all').addEventListener('click', function () { setAll(true); });
  document.getElementById('subjects-none').addEventListener('click', function () { setAll(false); });
  function apply() {
    var on = subjectsShown();
    var checked = Array.prototype.slice.call(form.querySelectorAll('input[name=verdict]:checked')).map(function (i) { return i.value; });
    var fv = function (n) { return form.elements.namedItem(n); };
    var level = fv('level').value, role = fv('role').value, tag = fv('tag').value, q = fv('q').value.trim().toLowerCase(), disagree = fv('disagree').checked, shown = 0;
    rows.forEach(function (tr) {
      var btns = Array.prototype.slice.call(tr.querySelectorAll('button.v')).filter(function (b) { return on[b.getAttribute('data-s')]; });
      var ok = (!level || tr.getAttribute('data-level') === level) && (!role || tr.getAttribute('data-role') === role)
        && (!tag || (' ' + tr.getAttribute('data-tags') + ' ').indexOf(' ' + tag + ' ') >= 0)
        && (!q || tr.getAttribute('data-text').indexOf(q) >= 0)
        && btns.some(function (b) { return b.getAttribute('data-v').split(' ').some(function (v) { return checked.indexOf(v) >= 0; }); });
      if (ok && disagree) {
        var ws = btns.map(function (b) { return b.className; });
        ok = ws.some(function (w) { return w !== ws[0]; });
      }
      tr.hidden = !ok;
      if (ok) shown++;
    });
    Array.prototype.forEach.call(document.querySelectorAll('#matrix tbody.section'), function (tb) { tb.hidden = !tb.querySelector('tr.fx:not([hidden])'); });
    document.getElementById('shown').textContent = 'showing ' + shown + ' of ' + rows.length + ' fixtures';
    barHeight();
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  apply();
  // deep links: #fixture-id/subject opens that cell
  var m = /^#([^/]+)\/(.+)$/.exec(location.hash);
  if (m) {
    var f = data.fixtures.map(function (x) { return x.id; }).indexOf(decodeURIComponent(m[1]));
    var s = data.subjects.map(function (x) { return x.name; }).indexOf(decodeURIComponent(m[2]));
    if (f >= 0 && s >= 0) open(f, s, document.querySelector('button.v[data-f="' + f + '"][data-s="' + s + '"]'));
  }
  document.documentElement.setAttribute('data-ready', 'true');
})();
`;
