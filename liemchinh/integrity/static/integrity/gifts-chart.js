/* The bar chart of gifts per body on the yearly gift summary (data in #gifts-chart-data). */
(function () {
  var script = document.getElementById("gifts-chart-script");
  var el = document.getElementById("gifts-chart");
  var source = document.getElementById("gifts-chart-data");
  if (!el || !source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  new Chart(el, {
    type: "bar",
    data: {labels: data.labels, datasets: [{label: script ? script.dataset.label : "", data: data.counts,
      backgroundColor: "#a3151b"}]},
    options: {indexAxis: "y", responsive: true, plugins: {legend: {display: false}},
      scales: {x: {beginAtZero: true, ticks: {precision: 0}}}}
  });
})();
