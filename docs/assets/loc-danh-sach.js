// Narrowing an index in place (de-cuong/, bao-cao/, mo-hinh/, phong-trao/, van-ban/): a text
// filter folded like the search (no diacritics needed, "đ" as "d") and facet choices that combine
// (any value within a facet, every facet together). The URL keeps the filter, so a filtered list
// can be shared. Without JavaScript the form stays hidden and the whole list shows.

import { fold } from "./tim-kiem.js"; // the same module the page already runs: one folding for search and filter

const form = document.getElementById("tdkt-filter");
const table = document.querySelector("table.tdkt-index");

if (form && table) {
  const rows = [...table.tBodies[0].rows].map((row) => ({
    row,
    text: fold(row.textContent.replace(/\s+/g, " ")),
    facets: JSON.parse(row.dataset.facets || "{}"),
  }));
  const total = rows.length;
  const query = form.querySelector("input[type=search]");
  const boxes = [...form.querySelectorAll("input[type=checkbox]")];
  const count = form.querySelector(".tdkt-filter-count");
  const none = document.querySelector(".tdkt-filter-none");

  const apply = (updateUrl) => {
    const words = fold(query.value).split(/\s+/).filter(Boolean);
    const chosen = {};
    for (const box of boxes) if (box.checked) (chosen[box.name] ||= new Set()).add(box.value);
    let shown = 0;
    for (const item of rows) {
      const match = words.every((word) => item.text.includes(word)) &&
        Object.entries(chosen).every(([facet, values]) => (item.facets[facet] || []).some((value) => values.has(value)));
      item.row.hidden = !match;
      if (match) shown += 1;
    }
    count.textContent = shown === total ? `Hiển thị ${total}/${total}` : `Hiển thị ${shown}/${total} mục khớp`;
    none.hidden = shown > 0;
    for (const details of form.querySelectorAll("details")) {
      const picked = details.querySelectorAll("input:checked").length;
      details.querySelector("summary").dataset.picked = picked ? ` (${picked})` : "";
    }
    if (updateUrl) {
      const params = new URLSearchParams();
      if (query.value.trim()) params.set("q", query.value.trim());
      for (const box of boxes) if (box.checked) params.append(box.name, box.value);
      const search = params.toString();
      history.replaceState(null, "", search ? `?${search}` : location.pathname);
    }
  };

  const params = new URLSearchParams(location.search);
  query.value = params.get("q") || "";
  for (const box of boxes) box.checked = params.getAll(box.name).includes(box.value);
  for (const details of form.querySelectorAll("details")) {
    if (details.querySelector("input:checked")) details.open = true;
  }
  form.hidden = false;
  form.addEventListener("input", () => apply(true));
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => setTimeout(() => apply(true)));
  apply(false);
}
