// Measures what a reader meets on one page (used by tests/sitecheck.py, check_layout).
// Called with [chart selector, smallest chart text in px]; returns the problems found,
// each {rule, detail}, and the chart and page widths.
async ([chartSel, minPx]) => {
  const found = [];
  const add = (rule, detail) => found.push({rule, detail: String(detail).slice(0, 200)});
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) {
    const wide = Array.from(document.querySelectorAll('body *'))
      .filter(e => e.getBoundingClientRect().right > doc.clientWidth + 1)
      .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= doc.clientWidth + 1)
      .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + String(e.className).split(' ')[0]);
    add('page-scroll-x', `page is ${doc.scrollWidth}px wide in a ${doc.clientWidth}px window (${wide.join(', ')})`);
  }
  const charts = Array.from(document.querySelectorAll(chartSel))
    .filter(el => !el.parentElement.closest(chartSel));
  charts.forEach((chart, i) => {
    const column = chart.closest('article, main, [role=main]') || document.body;
    const col = column.getBoundingClientRect();
    const box = chart.getBoundingClientRect();
    const name = `chart ${i}`;
    if (box.right > col.right + 1 || box.left < col.left - 1)
      add('chart-overflow', `${name} spans ${Math.round(box.left)}-${Math.round(box.right)}px, column ${Math.round(col.left)}-${Math.round(col.right)}px`);
    if (chart.scrollWidth > chart.clientWidth + 1)
      add('chart-overflow', `${name} content is ${chart.scrollWidth}px wide in a ${chart.clientWidth}px box`);
    chart.querySelectorAll('svg.marks, .vega-bindings, .vega-bind').forEach(part => {
      const r = part.getBoundingClientRect();
      if (r.width && (r.right > Math.min(box.right, col.right) + 1 || r.left < Math.max(box.left, col.left) - 1))
        add('chart-overflow', `${name} ${part.tagName.toLowerCase()}.${String(part.className.baseVal ?? part.className).split(' ')[0]} spans ${Math.round(r.left)}-${Math.round(r.right)}px, box ${Math.round(box.left)}-${Math.round(box.right)}px`);
    });
    chart.querySelectorAll('svg.marks text').forEach(t => {
      const text = t.textContent.trim();
      if (!text) return;
      const svg = t.ownerSVGElement;
      const drawn = svg.getBoundingClientRect().width;
      const own = svg.width && svg.width.baseVal ? svg.width.baseVal.value : drawn;
      const scale = own ? drawn / own : 1;
      const px = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (px < minPx - 0.01) add('chart-text-small', `${name} "${text}" at ${px.toFixed(1)}px`);
      if (/(\u2026|\.\.\.)$/.test(text)) add('chart-text-cut', `${name} "${text}"`);
      const sr = svg.getBoundingClientRect(), tr = t.getBoundingClientRect();
      if (tr.width && (tr.right > sr.right + 1 || tr.left < sr.left - 1))
        add('chart-text-cut', `${name} "${text}" runs ${Math.round(tr.left - sr.left)}-${Math.round(tr.right - sr.left)}px in a ${Math.round(sr.width)}px chart`);
    });
  });
  // a formula is clipped when any of it is cut off: above or below (never allowed), or
  // at the side of a box that cannot scroll; a wide formula may scroll sideways inside a
  // box that can (the page itself never does)
  document.querySelectorAll('div.math').forEach((m, i) => {
    const inner = m.querySelector('math') || m;
    const r = m.getBoundingClientRect(), c = inner.getBoundingClientRect();
    const label = (m.id || `formula ${i}`);
    const scrolls = ['auto', 'scroll'].includes(getComputedStyle(m).overflowX);
    if (m.scrollHeight > m.clientHeight + 1 || c.top < r.top - 1 || c.bottom > r.bottom + 1)
      add('math-clipped', `${label}: ${Math.round(c.height)}px tall formula, ` +
          `${m.clientHeight}px box`);
    else if (!scrolls && (m.scrollWidth > m.clientWidth + 1 || c.left < r.left - 1
                          || c.right > r.right + 1))
      add('math-clipped', `${label}: ${Math.round(c.width)}px wide formula cut in a ` +
          `${m.clientWidth}px box that does not scroll`);
  });
  // a table wider than its box must be in a box that scrolls and says so (the stylesheet's
  // "scroll sideways" cue on .kunshan-scrolls); a table that widens the page itself is
  // page-scroll-x's
  document.querySelectorAll('main table').forEach((t, i) => {
    if (!t.getClientRects().length) return;
    let box = t.parentElement;
    while (box && box !== document.body
           && !['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(box).overflowX))
      box = box.parentElement;
    if (!box || box === document.body) return;
    const tr = t.getBoundingClientRect(), br = box.getBoundingClientRect();
    const over = Math.round(Math.max(tr.right - br.right, br.left - tr.left,
                                     box.scrollWidth - box.clientWidth));
    if (over <= 1) return;
    const heads = Array.from(t.querySelectorAll('thead th')).map(th => th.textContent.trim());
    const tag = `table ${heads.slice(0, 4).join(' / ') || i}`;
    const cue = getComputedStyle(box, '::before').content;
    if (!['auto', 'scroll'].includes(getComputedStyle(box).overflowX))
      add('table-cut', `${tag}: ${over}px cut off in a box that cannot scroll`);
    else if (!cue || ['none', 'normal', '""'].includes(cue))
      add('table-cut', `${tag}: ${over}px wider than its box, which scrolls with no visible cue`);
  });
  const outputs = Array.from(document.querySelectorAll('.cell_output, .output, .pasted-text, .pasted-inline'));
  const reprs = [
    /\bdtype: \w+/, /\bName: [^\n]*,\s*dtype/, /\bLength: \d+, dtype/, /\bdtype=/,
    /\bnp\.(float|int|bool|str)\w*\(/, /\barray\(\[/, /<[\w.]+ object at 0x/,
    /\[\d+ rows x \d+ columns\]/, /\b(Timestamp|Series|DataFrame)\(/,
  ];
  outputs.forEach(o => {
    if (o.parentElement && o.parentElement.closest('.cell_output, .output')) return;
    o.querySelectorAll('pre, span.pasted-text').forEach(pre => {
      const text = pre.textContent.trim();
      if (!text) return;
      for (const re of reprs) if (re.test(text)) { add('raw-repr', text.slice(0, 120)); return; }
      if (/^\(.*,.*\)$/s.test(text) || /^\[.*\]$/s.test(text) || /^\{['"].*\}$/s.test(text) || /^'[^']*'$/.test(text) || /^"[^"]*"$/.test(text))
        add('raw-repr', text.slice(0, 120));
    });
  });
  const tables = new Set();
  document.querySelectorAll('.cell_output table, .output table, table.dataframe').forEach(t => tables.add(t));
  tables.forEach((t, i) => {
    const heads = Array.from(t.querySelectorAll('thead th')).map(th => th.textContent.trim());
    const tag = `table ${heads.slice(0, 3).join('|')}`;
    const ints = heads.filter(h => /^\d+$/.test(h)).map(Number);
    if (ints.length >= 2 && ints.every((v, k) => v === k || v === k + ints[0]))
      add('raw-table', `${tag}: integer headers ${ints.join(', ')}`);
    t.querySelectorAll('thead tr').forEach(tr => {
      const cells = Array.from(tr.children).map(c => c.textContent.trim());
      if (cells.length > 1 && cells.slice(1).every(c => c === '') && cells[0] !== '')
        add('raw-table', `${tag}: index-name row "${cells[0]}" with empty cells`);
    });
    heads.filter(h => /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(h))
      .forEach(h => add('raw-table', `${tag}: code-style header "${h}"`));
    const index = Array.from(t.querySelectorAll('tbody tr > th:first-child')).map(th => th.textContent.trim());
    if (index.length >= 2 && index.every((v, k) => v === String(k)))
      add('raw-table', `${tag}: default 0..${index.length - 1} index shown`);
    else if (index.length >= 2 && heads.length && heads[0] === '' && index.every(v => /^\d+$/.test(v)))
      add('raw-table', `${tag}: unnamed row-number index ${index.slice(0, 4).join(', ')}`);
    t.querySelectorAll('td, th').forEach(cell => {
      const text = cell.textContent.trim();
      if (text === 'True' || text === 'False') add('raw-table', `${tag}: raw boolean "${text}"`);
      if (/(\.\.\.|\u2026)$/.test(text) && text.length <= 4 || /\.\.\.$/.test(text))
        add('raw-table', `${tag}: cell cut "${text.slice(-40)}"`);
    });
  });
  document.querySelectorAll('.citation-list, .bibliography, div.citation').forEach(b => {
    if (b.parentElement && b.parentElement.closest('.citation-list, .bibliography, div.citation')) return;
    const text = b.textContent;
    const hit = text.match(/verif\w*|paperzz|scribd|not displayed|DOI omitted|\\[a-zA-Z]+|`|[{}]/i);
    if (hit) add('bib-notes', `"${hit[0]}" in: ${text.slice(Math.max(0, hit.index - 60), hit.index + 40).replace(/\s+/g, ' ')}`);
  });
  const icon = document.querySelector('link[rel~="icon"]');
  if (!icon) add('favicon', 'no <link rel="icon">');
  else {
    try {
      const resp = await fetch(icon.href);
      const body = await resp.arrayBuffer();
      if (!resp.ok || body.byteLength === 0) add('favicon', `${icon.href} answered ${resp.status}`);
    } catch (e) { add('favicon', `${icon.href}: ${e}`); }
  }
  return {problems: found, charts: charts.length,
          chart_widths: charts.map(c => Math.round(c.getBoundingClientRect().width)),
          column: Math.round(((charts[0] || document.body).closest('article, main') || document.body).getBoundingClientRect().width),
          page_width: doc.scrollWidth, window_width: doc.clientWidth};
}
