(function () {
  const el = document.getElementById("chart-towns");
  if (!el) return;
  const d = JSON.parse(document.getElementById("towns-data").textContent);
  const chart = echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis" }, legend: { bottom: 0 },
    grid: { left: 50, right: 20, top: 20, bottom: 60 },
    xAxis: { type: "category", data: d.towns, axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: "value" },
    series: [
      { name: el.dataset.total, type: "bar", data: d.total },
      { name: el.dataset.above, type: "bar", data: d.above },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
})();
