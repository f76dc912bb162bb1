// The forecast page. Every URL starts with /forecast/ so the page works the same on the service's own
// port and behind the gateway.
(function () {
  'use strict';

  const API = '/forecast';
  const $ = (id) => document.getElementById(id);
  const page = { chart: null, renders: 0, forecast: null, backtest: null, symbols: [] };
  window.forecastPage = page;

  async function call(path, options) {
    const response = await fetch(API + path, options);
    const type = response.headers.get('Content-Type') || '';
    const body = type.includes('json') ? await response.json() : await response.text();
    if (!response.ok) {
      const detail = body && body.detail ? body.detail : (typeof body === 'string' && body ? body : response.statusText);
      throw new Error(detail + ' (HTTP ' + response.status + ')');
    }
    return body;
  }

  function showError(error) {
    const box = $('error');
    box.textContent = error ? String(error.message || error) : '';
    box.hidden = !error;
  }

  function busy(on) {
    $('busy').hidden = !on;
    document.body.dataset.busy = on ? 'yes' : 'no';
  }

  function daysBefore(isoDay, days) {
    const d = new Date(isoDay + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() - days);
    return d.toISOString().slice(0, 10);
  }

  const number = (v, digits) => (v === null || v === undefined || !isFinite(v)) ? '–'
      : Number(v).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const price = (v) => number(v, v >= 100 ? 0 : v >= 1 ? 2 : 4);

  function fill(select, items, value) {
    select.replaceChildren(...items.map(([v, text]) => new Option(text, v)));
    if (value !== undefined && items.some(([v]) => v === value)) select.value = value;
  }

  async function loadSymbols(preferred) {
    page.symbols = await call('/symbols');
    fill($('symbol'), page.symbols.map(a => [a.symbol, a.symbol]), preferred || $('symbol').value || 'BTC');
  }

  async function loadModels() {
    const models = await call('/models');
    fill($('model'), models.map(m => [m.name, m.name]), 'auto');
    for (const option of $('model').options) {
      const model = models.find(m => m.name === option.value);
      if (!model) continue;
      option.title = model.available ? model.description : model.unavailable;
      // a model this machine cannot run (lstm without its native library) stays listed, greyed out
      option.disabled = !model.available;
    }
  }

  async function refresh() {
    const symbol = $('symbol').value;
    if (!symbol) return;
    const asset = page.symbols.find(a => a.symbol === symbol);
    const historyDays = Number($('history').value);
    const from = historyDays > 0 && asset && asset.lastDay ? daysBefore(asset.lastDay, historyDays) : '';
    const query = new URLSearchParams({ model: $('model').value, horizon: $('horizon').value, level: $('level').value });
    showError(null);
    busy(true);
    try {
      const [history, forecast] = await Promise.all([
        call('/prices/' + encodeURIComponent(symbol) + (from ? '?from=' + from : '')),
        call('/' + encodeURIComponent(symbol) + '?' + query)
      ]);
      page.forecast = forecast;
      draw(history, forecast);
      summarise(forecast);
    } catch (error) {
      showError(error);
    } finally {
      busy(false);
    }
    loadBacktest(symbol);
  }

  function draw(history, forecast) {
    const labels = history.prices.map(p => p.date).concat(forecast.forecast.map(p => p.date));
    const pad = new Array(history.prices.length).fill(null);
    const last = history.prices[history.prices.length - 1];
    // the forecast lines start at the last close so they join the history
    const join = (values) => pad.slice(1).concat([last ? last.close : null], values);
    const datasets = [
      { label: history.symbol + ' close', data: history.prices.map(p => p.close), borderColor: '#1f2933',
        borderWidth: 1.5, pointRadius: 0, tension: 0 },
      { label: 'lower ' + forecast.level + '%', data: join(forecast.forecast.map(p => p.lower)),
        borderColor: 'rgba(37,99,235,0.25)', borderWidth: 1, pointRadius: 0, fill: false },
      { label: forecast.level + '% interval', data: join(forecast.forecast.map(p => p.upper)),
        borderColor: 'rgba(37,99,235,0.25)', borderWidth: 1, pointRadius: 0, fill: '-1',
        backgroundColor: 'rgba(37,99,235,0.14)' },
      { label: 'forecast (' + forecast.model + ')', data: join(forecast.forecast.map(p => p.mean)),
        borderColor: '#2563eb', borderWidth: 2, borderDash: [6, 4], pointRadius: 0 }
    ];
    if (!page.chart) {
      page.chart = new Chart($('chart'), {
        type: 'line',
        data: { labels, datasets },
        options: {
          animation: false, maintainAspectRatio: false, interaction: { mode: 'index', intersect: false },
          scales: {
            x: { ticks: { maxTicksLimit: 10, maxRotation: 0 }, grid: { display: false } },
            y: { type: $('scale').value === 'log' ? 'logarithmic' : 'linear', ticks: { callback: (v) => price(v) } }
          },
          plugins: {
            legend: { labels: { filter: (item) => !item.text.startsWith('lower') } },
            tooltip: { callbacks: { label: (c) => c.dataset.label + ': ' + price(c.parsed.y) } }
          }
        }
      });
    } else {
      page.chart.data.labels = labels;
      page.chart.data.datasets = datasets;
      page.chart.options.scales.y.type = $('scale').value === 'log' ? 'logarithmic' : 'linear';
      page.chart.update();
    }
    $('chart-title').textContent = history.symbol + ': last close ' + (last ? price(last.close) + ' on ' + last.date : '–');
    page.renders++;
  }

  function summarise(f) {
    const end = f.forecast[f.forecast.length - 1];
    const chosen = f.requestedModel && f.requestedModel !== f.model ? f.requestedModel + ' chose ' + f.model : f.model;
    const parts = [
      'Model: ' + chosen + (f.logScale ? ' (fitted on log prices)' : ''),
      'in ' + f.horizon + ' days (' + end.date + '): ' + price(end.mean) + ', ' + f.level + '% interval '
        + price(end.lower) + ' to ' + price(end.upper),
      seasons(f.periods),
      'data version ' + f.dataVersion
    ];
    if (f.trainedAt) parts.push('fitted ' + new Date(f.trainedAt).toISOString().replace('T', ' ').slice(0, 16)
        + ' UTC');
    $('summary').textContent = parts.join(' · ');
  }

  // the closes are daily: a season is a cycle of days the data showed (auto and mstl also decompose a second one)
  function seasons(periods) {
    const cycles = (periods || []).filter(p => p > 1);
    if (cycles.length === 0) return 'no seasonal cycle found in the closes';
    return (cycles.length === 1 ? 'seasonal cycle: ' : 'seasonal cycles: ') + cycles.join(' and ') + ' days, found in the closes';
  }

  async function loadBacktest(symbol) {
    const body = $('backtest').tBodies[0];
    $('backtest-caption').textContent = 'running…';
    try {
      const result = await call('/' + encodeURIComponent(symbol) + '/backtest?horizon=30&folds=5&level=' + $('level').value);
      if ($('symbol').value !== symbol) return;
      page.backtest = result;
      $('backtest-caption').textContent = symbol + ', horizon ' + result.horizon + ' days, ' + result.folds
          + ' folds, ' + result.level + '% intervals; best: ' + result.winner;
      const shown = page.forecast ? page.forecast.model : '';
      const naive = result.scores.find(s => s.model === 'naive');
      body.replaceChildren(...result.scores.map(s => {
        const row = document.createElement('tr');
        if (s.model === result.winner) row.className = 'winner';
        if (s.model === shown) row.classList.add('selected');
        const relative = naive && naive.mase && s.mase !== null ? s.mase / naive.mase : null;
        for (const text of [s.model, price(s.mae), number(s.smape, 2), number(s.mase, 3), number(relative, 3),
                            s.coverage === null ? '–' : number(100 * s.coverage, 0) + '%', number(s.fitMillis, 0)]) {
          const cell = document.createElement('td');
          cell.textContent = text;
          row.appendChild(cell);
        }
        return row;
      }));
    } catch (error) {
      if ($('symbol').value !== symbol) return;
      $('backtest-caption').textContent = '';
      body.replaceChildren();
      const row = document.createElement('tr');
      const cell = document.createElement('td');
      cell.colSpan = 7;
      cell.className = 'note';
      cell.textContent = 'No backtest for ' + symbol + ': ' + error.message;
      row.appendChild(cell);
      body.appendChild(row);
    }
  }

  async function upload(event) {
    event.preventDefault();
    const symbol = $('upload-symbol').value.trim().toUpperCase();
    const file = $('upload-file').files[0];
    $('upload-result').hidden = true;
    showError(null);
    if (!file) { showError('Choose a CSV file first.'); return; }
    try {
      const asset = await call('/prices/' + encodeURIComponent(symbol), {
        method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: await file.text()
      });
      $('upload-result').textContent = 'Stored ' + asset.days + ' days of ' + asset.symbol + ' (' + asset.firstDay
          + ' to ' + asset.lastDay + '), data version ' + asset.dataVersion + '.';
      $('upload-result').hidden = false;
      await loadSymbols(asset.symbol);
      $('symbol').value = asset.symbol;
      await refresh();
    } catch (error) {
      showError('Upload refused: ' + error.message);
    }
  }

  async function status() {
    try {
      const s = await call('/status');
      $('status').textContent = 'Boot ' + s.bootCount + ' · ' + s.models.length + ' fitted models in memory, '
          + s.modelsLoaded + ' read from the state directory at start';
    } catch (error) {
      $('status').textContent = '';
    }
  }

  async function start() {
    try {
      await Promise.all([loadSymbols(), loadModels()]);
      await refresh();
      status();
    } catch (error) {
      showError(error);
    }
    for (const id of ['symbol', 'model', 'horizon', 'level', 'history', 'scale']) {
      $(id).addEventListener('change', refresh);
    }
    $('upload').addEventListener('submit', upload);
  }

  document.addEventListener('DOMContentLoaded', start);
})();
