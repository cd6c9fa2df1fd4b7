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

// A <form data-confirm="…"> (or a submit button with data-confirm) asks before it is sent: 关闭 a
// window, and other steps that are not undone by a click.
document.addEventListener("submit", function (event) {
  const submitter = event.submitter;
  const question =
    (submitter && submitter.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
