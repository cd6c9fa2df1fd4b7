// Targets against actuals: money indicators in 亿元, shares in %. Labels come translated from the page.
(function () {
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const years = JSON.parse(document.getElementById("chart-years").textContent).map(String);
  function draw(el, rows, scale) {
    if (!el || !rows.length) return;
    const chart = echarts.init(el);
    const conv = (v) => (v === null ? null : Number(v) / scale);
    const series = [];
    rows.forEach((r) => {
      series.push({ name: r.name + el.dataset.target, type: "bar", data: r.target.map(conv) });
      series.push({ name: r.name + el.dataset.actual, type: "line", data: r.actual.map(conv) });
    });
    chart.setOption({
      tooltip: { trigger: "axis" }, legend: { type: "scroll", bottom: 0 },
      grid: { left: 50, right: 20, top: 30, bottom: 60 },
      xAxis: { type: "category", data: years }, yAxis: { type: "value", name: el.dataset.unit }, series,
    });
    window.addEventListener("resize", () => chart.resize());
  }
  draw(document.getElementById("chart-money"), data.filter((r) => r.unit === "万元"), 10000);
  draw(document.getElementById("chart-share"), data.filter((r) => r.unit === "%"), 1);
})();
