/* The bar chart of alerts per rule on the alert list (data in #alerts-chart-data). */
(function () {
  var script = document.getElementById("alerts-chart-script");
  var el = document.getElementById("alerts-chart");
  var source = document.getElementById("alerts-chart-data");
  if (!el || !source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  new Chart(el, {
    type: "bar",
    data: {labels: data.labels, datasets: [{label: script ? script.dataset.label : "", data: data.counts,
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
