/**
 * The page's only script, inline and dependency-free: sortable columns (buttons in the headers, aria-sort),
 * a text filter and drop-down filters per table with a live row count, a fit/full-size toggle for the diagram,
 * and, for printing, every <details> opened and every filtered row shown (restored afterwards).
 * The tables and the diagram are complete without it.
 */
export const SCRIPT = `(function () {
  'use strict';
  var collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

  function cellValue(row, index) {
    var cell = row.children[index];
    if (!cell) return '';
    var key = cell.getAttribute('data-sort');
    return key !== null ? key : cell.textContent.trim();
  }

  function compare(a, b) {
    var x = Number(a), y = Number(b);
    if (a !== '' && b !== '' && !isNaN(x) && !isNaN(y)) return x - y;
    return collator.compare(a, b);
  }

  function sortBy(table, index, th) {
    var ascending = th.getAttribute('aria-sort') !== 'ascending';
    table.querySelectorAll('thead th').forEach(function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var c = compare(cellValue(r1, index), cellValue(r2, index));
      return ascending ? c : -c;
    });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (r) { fragment.appendChild(r); });
    body.appendChild(fragment);
  }

  function valuesOf(row, index) {
    var cell = row.children[index];
    if (!cell) return [];
    var values = cell.getAttribute('data-values');
    return values !== null ? values.split('|') : [cell.textContent.trim()];
  }

  function enhance(table) {
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = new Map(rows.map(function (r) { return [r, r.textContent.toLowerCase()]; }));
    var name = table.caption ? table.caption.textContent : table.id;
    var tools = document.createElement('div');
    tools.className = 'table-tools no-print';
    tools.setAttribute('role', 'search');
    tools.setAttribute('aria-label', 'Filter ' + name);
    var label = document.createElement('label');
    label.textContent = 'Filter ';
    var input = document.createElement('input');
    input.type = 'search';
    input.id = table.id + '-filter';
    input.setAttribute('aria-controls', table.id);
    input.placeholder = 'type to filter rows';
    label.appendChild(input);
    tools.appendChild(label);
    var selects = [];
    headers.forEach(function (th, index) {
      var text = th.textContent;
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      button.textContent = text;
      button.title = 'Sort by ' + text;
      th.textContent = '';
      th.appendChild(button);
      button.addEventListener('click', function () { sortBy(table, index, th); });
      if (th.getAttribute('data-filter') !== 'select') return;
      var seen = new Set();
      rows.forEach(function (r) { valuesOf(r, index).forEach(function (v) { if (v) seen.add(v); }); });
      var l = document.createElement('label');
      l.textContent = text + ' ';
      var select = document.createElement('select');
      select.setAttribute('aria-controls', table.id);
      select.setAttribute('data-column', String(index));
      var all = document.createElement('option');
      all.value = '';
      all.textContent = 'all';
      select.appendChild(all);
      Array.from(seen).sort(collator.compare).forEach(function (v) {
        var o = document.createElement('option');
        o.value = v;
        o.textContent = v;
        select.appendChild(o);
      });
      l.appendChild(select);
      tools.appendChild(l);
      selects.push(select);
    });
    var status = document.createElement('output');
    status.setAttribute('aria-live', 'polite');
    status.className = 'row-count';
    tools.appendChild(status);
    function apply() {
      var q = input.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (r) {
        var ok = !q || texts.get(r).indexOf(q) >= 0;
        selects.forEach(function (s) {
          if (ok && s.value) ok = valuesOf(r, Number(s.getAttribute('data-column'))).indexOf(s.value) >= 0;
        });
        r.hidden = !ok;
        if (ok) shown++;
      });
      status.textContent = shown + ' of ' + rows.length + ' rows';
    }
    input.addEventListener('input', apply);
    selects.forEach(function (s) { s.addEventListener('change', apply); });
    var wrap = table.closest('.table-wrap') || table;
    wrap.parentNode.insertBefore(tools, wrap);
    apply();
  }

  document.querySelectorAll('table[data-table]').forEach(enhance);

  document.querySelectorAll('figure.diagram').forEach(function (figure) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'zoom no-print';
    button.textContent = 'Show at full size';
    button.setAttribute('aria-pressed', 'false');
    button.addEventListener('click', function () {
      var full = figure.classList.toggle('full-size');
      button.textContent = full ? 'Fit to width' : 'Show at full size';
      button.setAttribute('aria-pressed', String(full));
    });
    figure.insertBefore(button, figure.firstChild);
  });

  var closed = [], filtered = [];
  window.addEventListener('beforeprint', function () {
    closed = Array.prototype.filter.call(document.querySelectorAll('details:not(.ics)'), function (d) { return !d.open; });
    closed.forEach(function (d) { d.open = true; });
    filtered = Array.prototype.slice.call(document.querySelectorAll('table[data-table] tbody tr[hidden]'));
    filtered.forEach(function (r) { r.hidden = false; });
  });
  window.addEventListener('afterprint', function () {
    closed.forEach(function (d) { d.open = false; });
    filtered.forEach(function (r) { r.hidden = true; });
  });
})();`;
