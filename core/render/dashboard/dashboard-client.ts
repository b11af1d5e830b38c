/**
 * The page's own script (plain ES2017, no build step; it runs in the marketer's browser, not in Node): draws every
 * chart with vega-embed from the inlined specs, and drives the segment filter — the drop-down, a click on a segment
 * in the segment bars, treemap or grid — which highlights that segment in those charts (their `segmentFilter`
 * signal), shows its description and action, and lists its customers with a CSV download.
 */
export const DASHBOARD_SCRIPT = String.raw`
(function () {
  'use strict';
  var charts = JSON.parse(document.getElementById('lgs-charts').textContent);
  var customers = JSON.parse(document.getElementById('lgs-customers').textContent);
  var segments = JSON.parse(document.getElementById('lgs-segments').textContent);
  var select = document.getElementById('segment-filter');
  var filterable = [];
  var shown = 50;

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function money(n) {
    return '\u00a3' + n.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  function day(iso) {
    var p = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
    return p ? Number(p[3]) + ' ' + MONTHS[Number(p[2]) - 1] + ' ' + p[1] : iso;
  }
  function hasSignal(view, name) {
    try { view.signal(name); return true; } catch (e) { return false; }
  }

  function selected() { return select.value; }
  function matching() {
    var s = selected();
    var index = s ? customers.segments.indexOf(s) : -1;
    return customers.rows.filter(function (r) { return !s || r[6] === index; });
  }

  function setSegment(name) {
    select.value = name || '';
    filterable.forEach(function (view) { view.signal('segmentFilter', name || null).runAsync(); });
    shown = 50;
    renderCard();
    renderSegmentRows();
    renderCustomers();
  }

  function renderCard() {
    var card = document.getElementById('segment-card');
    var s = segments.filter(function (x) { return x.segment === selected(); })[0];
    if (!s) { card.hidden = true; return; }
    card.hidden = false;
    card.style.borderLeftColor = s.color;
    card.innerHTML = '<strong>' + esc(s.segment) + '</strong> \u2014 ' + esc(s.description) +
      '<br><strong>What to do:</strong> ' + esc(s.action);
  }

  function renderSegmentRows() {
    var s = selected();
    Array.prototype.forEach.call(document.querySelectorAll('tr[data-segment]'), function (tr) {
      tr.classList.toggle('dim', !!s && tr.getAttribute('data-segment') !== s);
    });
  }

  function renderCustomers() {
    var rows = matching();
    var body = document.getElementById('customer-rows');
    var html = rows.slice(0, shown).map(function (r) {
      return '<tr><td>' + r[0] + '</td><td>' + esc(customers.countries[r[1]]) + '</td><td>' + esc(customers.segments[r[6]]) +
        '</td><td class="num">' + day(r[2]) + '</td><td class="num">' + r[3].toLocaleString('en-GB') +
        '</td><td class="num">' + r[4].toLocaleString('en-GB') + '</td><td class="num">' + money(r[5]) + '</td></tr>';
    }).join('');
    body.innerHTML = html;
    var label = selected() ? 'in ' + selected() : 'in all segments';
    document.getElementById('customer-count').textContent = rows.length.toLocaleString('en-GB') + ' customers ' + label +
      (rows.length > shown ? ' \u2014 showing the ' + shown + ' who spent most' : '');
    document.getElementById('show-more').hidden = rows.length <= shown;
  }

  function downloadCsv() {
    var header = 'customer_id,country,segment,last_purchase,days_since_last_order,orders,spend_gbp';
    var lines = matching().map(function (r) {
      return [r[0], customers.countries[r[1]], customers.segments[r[6]], r[2], r[3], r[4], r[5].toFixed(2)]
        .map(function (v) { v = String(v); return /[",\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; })
        .join(',');
    });
    var blob = new Blob(['\ufeff' + [header].concat(lines).join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' });
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'customers-' + (selected() || 'all-segments').toLowerCase().replace(/[^a-z0-9]+/g, '-') + '.csv';
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }

  select.addEventListener('change', function () { setSegment(select.value); });
  document.getElementById('show-more').addEventListener('click', function () { shown += 200; renderCustomers(); });
  document.getElementById('download-csv').addEventListener('click', downloadCsv);
  Array.prototype.forEach.call(document.querySelectorAll('tr[data-segment]'), function (tr) {
    tr.addEventListener('click', function () {
      var s = tr.getAttribute('data-segment');
      setSegment(selected() === s ? '' : s);
    });
  });

  charts.forEach(function (chart) {
    var el = document.getElementById('chart-' + chart.name);
    if (!el) return;
    vegaEmbed(el, chart.spec, {
      renderer: 'svg',
      actions: { export: true, source: false, compiled: false, editor: false },
      downloadFileName: chart.name
    }).then(function (result) {
      var view = result.view;
      if (!hasSignal(view, 'segmentFilter')) return;
      filterable.push(view);
      if (selected()) view.signal('segmentFilter', selected()).runAsync();
      view.addEventListener('click', function (event, item) {
        var s = item && item.datum && item.datum.segment;
        if (s) setSegment(selected() === s ? '' : s);
      });
    }).catch(function (err) {
      el.innerHTML = '<p class="chart-error">This chart could not be drawn: ' + esc(err && err.message || err) + '</p>';
    });
  });

  renderCustomers();
})();
`;
