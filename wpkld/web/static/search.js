// Offline search over every name variant and Hangul name, from the prebuilt search-index.json.
// Names are compared "folded" (as wpkld.names.fold does): accents, case, spaces and hyphens ignored.
"use strict";
(function () {
  const script = document.currentScript;
  const form = document.getElementById("search-form");
  const input = document.getElementById("q");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const root = script.dataset.root;
  const fold = (s) => s.normalize("NFKD").toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  let index = null;

  function search(query) {
    const want = fold(query);
    list.replaceChildren();
    if (!want) { status.textContent = ""; return; }
    const hits = [];
    for (const entry of index) {
      let best = null;
      for (const [name, key] of entry.names) {
        const at = key.indexOf(want);
        if (at < 0) continue;
        const score = (key === want ? 0 : at === 0 ? 1 : 2);
        if (!best || score < best.score) best = { name, score };
      }
      if (best) hits.push({ entry, ...best });
    }
    hits.sort((a, b) => a.score - b.score || a.entry.label.localeCompare(b.entry.label));
    status.textContent = hits.length + (hits.length === 1 ? " match" : " matches") + " for “" + query + "”";
    for (const hit of hits.slice(0, 100)) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = root + hit.entry.path;
      link.textContent = hit.entry.label;
      item.append(link, " ");
      const kind = document.createElement("span");
      kind.className = "matched";
      kind.textContent = hit.entry.kind + (hit.name !== hit.entry.label ? " · as “" + hit.name + "”" : "");
      item.append(kind);
      list.append(item);
    }
  }

  function run() {
    const query = input.value;
    const url = new URL(window.location.href);
    url.searchParams.set("q", query);
    window.history.replaceState(null, "", url);
    search(query);
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
  input.addEventListener("input", () => { if (index) search(input.value); });
  status.textContent = "Loading the index…";
  fetch(script.dataset.index)
    .then((response) => response.json())
    .then((data) => {
      index = data;
      status.textContent = "";
      const query = new URL(window.location.href).searchParams.get("q");
      if (query) { input.value = query; search(query); }
    })
    .catch(() => { status.textContent = "The search index could not be loaded (open the site over HTTP, e.g. python -m http.server)."; });
})();
