// The enterprise's output this year and last (reporting/figures.html); data from json_script "output-data".
(function () {
  const el = document.getElementById("chart-output");
  const data = document.getElementById("output-data");
  if (!el || !data || !window.echarts) return;
  const d = JSON.parse(data.textContent);
  const chart = echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis" }, legend: { bottom: 0 }, grid: { left: 70, right: 20, top: 20, bottom: 40 },
    xAxis: { type: "category", data: d.months }, yAxis: { type: "value", name: d.unit },
    series: [{ name: d.current_label, type: "line", data: d.current }, { name: d.previous_label, type: "line", data: d.previous }],
  });
  window.addEventListener("resize", () => chart.resize());
})();
