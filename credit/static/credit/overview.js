// Credit overview: grade distribution by town and by industry, stacked bars (AAA … D, unrated).
(function () {
  const data = JSON.parse(document.getElementById("credit-chart-data").textContent);
  const lang = document.documentElement.lang;
  const t = (zh, en) => (lang.startsWith("zh") ? zh : en);
  const colours = ["#1b5e20", "#2e7d32", "#43a047", "#1565c0", "#42a5f5", "#f9a825", "#ef6c00", "#d84315",
                   "#c62828", "#6a1b1a", "#bdbdbd"];
  function draw(el, rows) {
    if (!el || !rows.length) return;
    const chart = echarts.init(el);
    chart.setOption({
      color: colours,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { type: "scroll", bottom: 0 },
      grid: { left: 110, right: 20, top: 10, bottom: 40 },
      xAxis: { type: "value", name: t("家", "firms") },
      yAxis: { type: "category", data: rows.map((r) => r.name), inverse: true },
      series: data.grades.map((grade, i) => ({
        name: grade, type: "bar", stack: "total", emphasis: { focus: "series" },
        data: rows.map((r) => r.counts[i]),
      })),
    });
    window.addEventListener("resize", () => chart.resize());
  }
  draw(document.getElementById("chart-towns"), data.towns);
  draw(document.getElementById("chart-industries"), data.industries);
})();
