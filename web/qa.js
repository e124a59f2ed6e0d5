// The QA dashboard: lists stored eval runs. Text only, built with textContent (no innerHTML).
(function () {
  'use strict';
  var HEADLINES = ['accuracy3', 'emergencyRecall', 'selfCareAccuracy', 'accuracy5', 'recall@5', 'mrr', 'passRate', 'safetyPassRate', 'citationValidity', 'supportShare', 'refusalCorrectness', 'rubricMean'];
  var status = document.getElementById('status');
  var table = document.getElementById('runs');
  var form = document.getElementById('token-form');

  function el(tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function show(runs) {
    var body = table.querySelector('tbody');
    body.textContent = '';
    runs.forEach(function (run) {
      var tr = el('tr');
      tr.appendChild(el('td', new Date(run.createdAt).toLocaleString()));
      tr.appendChild(el('td', run.suite));
      tr.appendChild(el('td', run.model));
      var td = el('td');
      var list = el('ul');
      HEADLINES.forEach(function (key) {
        var value = run.summary && run.summary[key];
        if (typeof value === 'number') list.appendChild(el('li', key + ': ' + (Math.round(value * 1000) / 1000)));
      });
      if (run.summary && Array.isArray(run.summary.underTriaged) && run.summary.underTriaged.length) {
        var warn = el('li', 'under-triaged: ' + run.summary.underTriaged.join(', '));
        warn.className = 'warn';
        list.appendChild(warn);
      }
      td.appendChild(list);
      tr.appendChild(td);
      body.appendChild(tr);
    });
    table.hidden = runs.length === 0;
    status.textContent = runs.length ? runs.length + ' run(s).' : 'No stored runs yet: run npm run eval -- --store.';
  }

  function load(token) {
    var headers = token ? { Authorization: 'Bearer ' + token } : {};
    fetch('/api/evals/runs?limit=100', { headers: headers })
      .then(function (res) {
        if (res.status === 401 || res.status === 403) {
          form.hidden = false;
          status.textContent = 'A QA token is needed to see the runs.';
          return null;
        }
        return res.json();
      })
      .then(function (body) {
        if (body) show(body.runs || []);
      })
      .catch(function () {
        status.textContent = 'Could not load the runs.';
      });
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    load(document.getElementById('token').value);
  });
  load(sessionStorage.getItem('careline.qaToken'));
})();
