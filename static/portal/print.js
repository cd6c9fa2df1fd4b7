// The 打印 button of a paper (申报表, 入库名单): the browser's print dialog, no inline script (CSP).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});
