// Long selects (enterprises, industries, accounts) become searchable with Tom Select (vendored):
// any <select> with more than LONG options (core/pinyin.py LONG), unless it says data-plain; typing
// pinyin or its initials finds the option too (data-pinyin on each option). Runs on load and on the parts
// of a page htmx swaps in. No inline script (CSP): loaded from base.html.
(() => {
  "use strict";
  const LONG = 15;
  const zh = (document.documentElement.lang || "").toLowerCase().startsWith("zh");
  const text = zh
    ? { none: "没有匹配的选项", hint: "输入文字检索" }
    : { none: "No matching options", hint: "Type to search" };

  function enhance(root) {
    if (typeof window.TomSelect !== "function") return;
    root.querySelectorAll("select").forEach((select) => {
      if (select.tomselect || select.dataset.plain !== undefined || select.options.length <= LONG) return;
      // An empty choice that reads as a filter ("全部街镇") stays a choice; Django's "---------" gives way
      // to the hint.
      const empty = Array.from(select.options).find((o) => o.value === "");
      const named = empty && !/^-+$/.test(empty.text.trim());
      const settings = {
        maxOptions: null,
        allowEmptyOption: Boolean(named),
        create: false,
        // pinyin and its initials ("cs" finds 册山街道): data-pinyin, rendered by core/forms.py
        searchField: ["text", "pinyin"],
        placeholder: text.hint,
        render: { no_results: () => `<div class="no-results">${text.none}</div>` },
      };
      if (select.multiple) settings.plugins = ["remove_button"];
      const control = new window.TomSelect(select, settings);
      control.wrapper.dataset.testid = `search-${select.name}`;
    });
  }

  document.addEventListener("DOMContentLoaded", () => enhance(document));
  document.addEventListener("htmx:afterSwap", (event) => enhance(event.target));
})();
