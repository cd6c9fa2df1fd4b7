// Work queues: a header checkbox ticks or clears every item of the table (bulk review, bulk submit).
// Delegated, so it keeps working on tables htmx swaps in. No inline script (CSP).
document.addEventListener("change", (event) => {
  const all = event.target.closest("[data-check-all]");
  if (!all) return;
  document.querySelectorAll(`input[type=checkbox][name="${all.dataset.checkAll}"]`).forEach((box) => {
    box.checked = all.checked;
  });
});
