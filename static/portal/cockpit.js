// The leadership cockpit (cockpit/index.html): charts from json_script "cockpit-data"; a click on a
// bar or a slice goes to the list behind it (each datum carries its url). Print and full screen.
(function () {
  const source = document.getElementById("cockpit-data");
  if (!source || !window.echarts) return;
  const d = JSON.parse(source.textContent);
  const charts = [];
  function make(id, option, rows) {
    const el = document.getElementById(id);
    if (!el) return;
    const chart = echarts.init(el);
    chart.setOption(Object.assign({ animation: false, tooltip: { trigger: "axis" } }, option));
    chart.on("click", (params) => {
      const row = rows && rows[params.dataIndex];
      if (row && row.url) window.location.href = row.url;
    });
    el.dataset.ready = "1";
    charts.push(chart);
    return chart;
  }
  const grid = { left: 50, right: 16, top: 24, bottom: 56, containLabel: false };
  const label = { interval: 0, rotate: 30, fontSize: 11 };
  if (d.indicators && d.indicators.length) {
    const el = document.getElementById("chart-targets");
    make("chart-targets", {
      grid, legend: { bottom: 0 },
      xAxis: { type: "category", data: d.indicators.map((r) => r.name), axisLabel: label },
      yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
      series: [{
        name: el && el.dataset.completion, type: "bar", data: d.indicators.map((r) => r.completion),
        markLine: { symbol: "none", data: [{ yAxis: d.progress, name: el && el.dataset.progress }],
          label: { position: "insideEndTop", formatter: (el && el.dataset.progress) + " {c}%" } },
      }],
    }, d.indicators);
  }
  if (d.pools && d.pools.length) {
    const el = document.getElementById("chart-pools");
    make("chart-pools", {
      grid, legend: { bottom: 0 },
      xAxis: { type: "category", data: d.pools.map((r) => r.name), axisLabel: label },
      yAxis: { type: "value" },
      series: [
        { name: el && el.dataset.inPool, type: "bar", data: d.pools.map((r) => r.in_pool) },
        { name: el && el.dataset.expected, type: "line", step: "middle", data: d.pools.map((r) => r.expected) },
      ],
    }, d.pools);
  }
  if (d.towns && d.towns.length) {
    const el = document.getElementById("chart-by-town");
    make("chart-by-town", {
      grid,
      xAxis: { type: "category", data: d.towns.map((r) => r.name), axisLabel: label },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ name: el && el.dataset.label, type: "bar", data: d.towns.map((r) => r.n) }],
    }, d.towns);
  }
  if (d.grades && d.grades.length) {
    const el = document.getElementById("chart-grades");
    make("chart-grades", {
      grid,
      xAxis: { type: "category", data: d.grades.map((r) => r.name), axisLabel: { interval: 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ name: el && el.dataset.label, type: "bar", data: d.grades.map((r) => r.n) }],
    }, d.grades);
  }
  if (d.months && d.months.length) {
    const el = document.getElementById("chart-blacklist");
    make("chart-blacklist", {
      grid, legend: { bottom: 0 },
      xAxis: { type: "category", data: d.months.map((r) => r.month) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: el && el.dataset.blacklisted, type: "line", data: d.months.map((r) => r.blacklisted) },
        { name: el && el.dataset.adverse, type: "bar", data: d.months.map((r) => r.adverse) },
      ],
    });
  }
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
  window.addEventListener("beforeprint", () => charts.forEach((c) => c.resize()));
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-cockpit]");
    if (!button) return;
    if (button.dataset.cockpit === "print") window.print();
    if (button.dataset.cockpit === "fullscreen") {
      const root = document.getElementById("cockpit");
      if (document.fullscreenElement) document.exitFullscreen();
      else if (root.requestFullscreen) root.requestFullscreen();
      root.classList.toggle("wall");
      setTimeout(() => charts.forEach((c) => c.resize()), 200);
    }
  });
  document.addEventListener("fullscreenchange", () => {
    if (!document.fullscreenElement) document.getElementById("cockpit").classList.remove("wall");
    charts.forEach((c) => c.resize());
  });
})();
