(function () {
  const el = document.getElementById("chart-towns");
  if (!el) return;
  const d = JSON.parse(document.getElementById("towns-data").textContent);
  const zh = document.documentElement.lang.startsWith("zh");
  const chart = echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis" }, legend: { bottom: 0 },
    grid: { left: 50, right: 20, top: 20, bottom: 60 },
    xAxis: { type: "category", data: d.towns, axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: "value" },
    series: [
      { name: zh ? "企业" : "Enterprises", type: "bar", data: d.total },
      { name: zh ? "规上" : "Above scale", type: "bar", data: d.above },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
})();
