// Filter a list page's table by text and class, in the browser; the full table works without it.
"use strict";
(function () {
  const form = document.querySelector("form[data-filter]");
  if (!form) return;
  const table = document.getElementById(form.dataset.filter);
  const text = form.querySelector("[data-filter-text]");
  const type = form.querySelector("[data-filter-type]");
  const count = form.querySelector("[data-filter-count]");
  const rows = Array.from(table.tBodies[0].rows);
  const fold = (s) => s.normalize("NFKD").toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  function apply() {
    const want = fold(text.value);
    const kind = type ? type.value : "";
    let shown = 0;
    for (const row of rows) {
      const ok = (!want || fold(row.textContent).includes(want)) && (!kind || row.dataset.type === kind);
      row.hidden = !ok;
      if (ok) shown += 1;
    }
    count.textContent = shown + " of " + rows.length;
  }
  form.addEventListener("submit", (event) => event.preventDefault());
  text.addEventListener("input", apply);
  if (type) type.addEventListener("change", apply);
  apply();
})();
