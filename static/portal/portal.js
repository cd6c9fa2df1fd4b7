// Behaviour every page shares, kept out of the templates so that the Content-Security-Policy can
// forbid inline script: a <select data-autosubmit> submits its form when changed, a
// <select data-navigate> goes to the address of the option chosen.
document.addEventListener("change", function (event) {
  const target = event.target;
  if (!(target instanceof HTMLSelectElement)) return;
  if (target.hasAttribute("data-autosubmit") && target.form) {
    target.form.submit();
  } else if (target.hasAttribute("data-navigate") && target.value) {
    window.location.href = target.value;
  }
});
