/* A horizontal bar chart of counts per label (alerts per rule, gifts per body...). The script tag
   names its canvas and its json_script data: <script src=".../bar-chart.js" data-canvas="alerts-chart"
   data-source="alerts-chart-data" data-label="Số cảnh báo">; the data is {"labels": [...], "counts": [...]}.
   Long labels are shortened on narrow screens. */
(function () {
  var script = document.currentScript;
  if (!script || typeof Chart === "undefined") { return; }
  var el = document.getElementById(script.dataset.canvas);
  var source = document.getElementById(script.dataset.source);
  if (!el || !source) { return; }
  var data = JSON.parse(source.textContent);
  new Chart(el, {
    type: "bar",
    data: {labels: data.labels, datasets: [{label: script.dataset.label || "", data: data.counts,
      backgroundColor: "#a3151b"}]},
    options: {indexAxis: "y", responsive: true, plugins: {legend: {display: false}},
      scales: {x: {beginAtZero: true, ticks: {precision: 0}},
        y: {ticks: {callback: function (value) {
          var label = this.getLabelForValue(value);
          var max = window.innerWidth < 720 ? 24 : 72;
          return label.length > max ? label.slice(0, max - 1) + "…" : label;
        }}}}}
  });
})();
