// Targets against actuals: money indicators in 亿元, shares in %.
(function () {
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const years = JSON.parse(document.getElementById("chart-years").textContent).map(String);
  const lang = document.documentElement.lang;
  const t = (zh, en) => (lang.startsWith("zh") ? zh : en);
  function draw(el, rows, scale, unit) {
    if (!el || !rows.length) return;
    const chart = echarts.init(el);
    const series = [];
    rows.forEach((r) => {
      const conv = (v) => (v === null ? null : Number(v) / scale);
      series.push({ name: r.name + t("（目标）", " (target)"), type: "bar", data: r.target.map(conv) });
      series.push({ name: r.name + t("（完成）", " (actual)"), type: "line", data: r.actual.map(conv) });
    });
    chart.setOption({
      tooltip: { trigger: "axis" }, legend: { type: "scroll", bottom: 0 },
      grid: { left: 50, right: 20, top: 30, bottom: 60 },
      xAxis: { type: "category", data: years }, yAxis: { type: "value", name: unit }, series,
    });
    window.addEventListener("resize", () => chart.resize());
  }
  draw(document.getElementById("chart-money"), data.filter((r) => r.unit === "万元"), 10000, t("亿元", "100M CNY"));
  draw(document.getElementById("chart-share"), data.filter((r) => r.unit === "%"), 1, "%");
})();
