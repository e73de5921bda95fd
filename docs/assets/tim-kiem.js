// Search with Pagefind's index of the site, queried as the user types: on the search page, and in a
// list under the header's box on every other page (arrow keys, Enter, Esc; "Xem tất cả kết quả").
// The index writes "đ" as "d" + U+0335 so that Pagefind folds it to "d" (see tdkt/search/index.py):
// queries are written the same way, titles and excerpts are written back before display.
const STROKE = "\u0335";
const SITE_ROOT = new URL("../", import.meta.url);
const PAGE_SIZE = 10; // results shown at once on the search page: each one's excerpt is a download
const SUGGESTIONS = 6;

const toIndex = (text) => text.normalize("NFC").replace(/đ/g, "d" + STROKE).replace(/Đ/g, "D" + STROKE);
const fromIndex = (text) => text.replace(/d\u0335/g, "đ").replace(/D\u0335/g, "Đ");

let engine = null;
async function pagefind() {
  if (engine === null) {
    engine = await import(new URL("pagefind/pagefind.js", SITE_ROOT).href);
    await engine.options({ baseUrl: SITE_ROOT.pathname, excerptLength: 28 });
    await engine.init();
  }
  return engine;
}

// An excerpt arrives as text with <mark> around matches: build nodes, never parse it as HTML.
function excerptNodes(excerpt) {
  const fragment = document.createDocumentFragment();
  let marked = false;
  for (const part of fromIndex(excerpt).split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>") marked = true;
    else if (part === "</mark>") marked = false;
    else if (part) {
      const node = marked ? document.createElement("mark") : document.createTextNode(part);
      if (marked) node.textContent = part;
      fragment.append(node);
    }
  }
  return fragment;
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "tdkt-result";
  const link = document.createElement("a");
  link.href = data.url;
  const type = document.createElement("span");
  type.className = "tdkt-result__type";
  type.textContent = fromIndex(data.meta.loai || "Trang");
  const title = document.createElement("span");
  title.className = "tdkt-result__title";
  title.textContent = fromIndex(data.meta.title || data.url);
  link.append(type, title);
  const excerpt = document.createElement("p");
  excerpt.className = "tdkt-result__excerpt";
  excerpt.append(excerptNodes(data.excerpt));
  item.append(link, excerpt);
  return item;
}

/** Folded for comparing words: no diacritics (the index's "đ" is "d" + a combining stroke), "đ" → "d",
 * lower case, as tdkt.text.fold; the index pages' filter uses it too. */
export const fold = (text) => text.normalize("NFD").replace(/\p{Mn}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();

/** Whether a result holds the typed words side by side: a run of as many consecutive word
 * positions as there are words ("ban hành"), rather than the words apart ("Ban … hạnh"). */
function together(result, count) {
  const positions = [...new Set(result.words || [])].sort((a, b) => a - b);
  let run = 1;
  for (let i = 1; i < positions.length; i += 1) {
    run = positions[i] === positions[i - 1] + 1 ? run + 1 : 1;
    if (run >= count) return true;
  }
  return false;
}

/** The results of a query, best first: {total, items} (items: Pagefind's data of each), or null
 * when a newer query superseded it. Words typed together rank first where they stand together;
 * a query with a number is left to Pagefind, which ranks document numbers. */
async function query(text, limit) {
  const search = await (await pagefind()).debouncedSearch(toIndex(text), {}, 120);
  if (search === null) return null;
  let results = search.results;
  const words = fold(text).split(/\s+/).filter(Boolean);
  if (words.length > 1 && !/\d/.test(text)) {
    const side = results.filter((result) => together(result, words.length));
    results = [...side, ...results.filter((result) => !side.includes(result))];
  }
  const items = await Promise.all(results.slice(0, limit).map((result) => result.data()));
  return { total: search.results.length, items, results };
}

// While an editor's preview rebuilds the index, or when a file of it fails to load, a search
// cannot run: the reader is told, rather than left with "Đang tìm…".
const NO_INDEX = "Chưa tải được chỉ mục tìm kiếm. Nếu trang vừa được dựng lại, chỉ mục sẽ có sau ít giây: hãy tải lại trang.";

/** query(), or undefined when the index could not be loaded (the status says so). */
async function tryQuery(text, limit, status) {
  try {
    return await query(text, limit);
  } catch (error) {
    console.warn("tim-kiem:", error);
    status.textContent = NO_INDEX;
    return undefined;
  }
}

async function run(query_, status, list) {
  const text = query_.trim();
  if (!text) {
    status.textContent = "";
    list.replaceChildren();
    return;
  }
  status.textContent = "Đang tìm…";
  const search = await tryQuery(text, PAGE_SIZE, status);
  if (search === undefined) {
    list.replaceChildren();
    return;
  }
  if (search === null) return; // a newer query superseded this one
  list.replaceChildren(...search.items.map(resultItem));
  showMore(list, search.results, PAGE_SIZE);
  status.textContent = search.total
    ? `${search.total} kết quả cho “${text}”.`
    : `Không tìm thấy kết quả cho “${text}”. Thử bỏ bớt từ, hoặc gõ số văn bản không kèm ký hiệu.`;
}

const input = document.getElementById("tdkt-q");
if (input) {
  const status = document.getElementById("tdkt-search-status");
  const list = document.getElementById("tdkt-search-results");
  const form = input.closest("form");
  form.addEventListener("submit", (event) => event.preventDefault());
  input.addEventListener("input", () => {
    const url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
    run(input.value, status, list);
  });
  const initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial, status, list);
  }
  input.focus();
}

/** "Xem thêm kết quả" after the list while results remain: the next ones load when asked. */
function showMore(list, results, shown) {
  list.parentElement.querySelector(".tdkt-search__more")?.remove();
  if (results.length <= shown) return;
  const more = document.createElement("button");
  more.type = "button";
  more.className = "md-button tdkt-search__more";
  const next = Math.min(PAGE_SIZE, results.length - shown);
  more.textContent = `Xem thêm ${next} kết quả (còn ${results.length - shown})`;
  more.addEventListener("click", async () => {
    more.disabled = true;
    const items = await Promise.all(results.slice(shown, shown + PAGE_SIZE).map((result) => result.data()));
    list.append(...items.map(resultItem));
    showMore(list, results, shown + items.length);
    list.children[shown]?.querySelector("a")?.focus();
  });
  list.after(more);
}

// -- results under the header's box, on every page but the search page --------------------------

function suggestions(input) {
  const form = input.closest("form");
  const box = document.createElement("div");
  box.className = "tdkt-suggest";
  box.hidden = true;
  const status = document.createElement("p");
  status.className = "tdkt-suggest__status";
  status.setAttribute("role", "status");
  const list = document.createElement("ul");
  list.id = "tdkt-suggest-list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Kết quả tìm kiếm");
  box.append(status, list);
  form.append(box);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  let options = [];
  let active = -1;
  let asked = 0;

  const show = (open) => {
    box.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
    if (!open) choose(-1);
  };
  const choose = (index) => {
    active = index;
    options.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  };
  const allResults = (text) => new URL(`tim-kiem/?q=${encodeURIComponent(text)}`, SITE_ROOT).href;

  input.addEventListener("input", async () => {
    const text = input.value.trim();
    const mine = ++asked;
    if (!text) {
      options = [];
      list.replaceChildren();
      show(false);
      return;
    }
    status.textContent = "Đang tìm…";
    show(true);
    const search = await tryQuery(text, SUGGESTIONS, status);
    if (search === undefined) {
      options = [];
      list.replaceChildren();
      return;
    }
    if (search === null || mine !== asked) return;
    const items = search.items.map((data, index) => {
      const item = resultItem(data);
      item.id = `tdkt-suggest-${index}`;
      item.setAttribute("role", "option");
      item.querySelector("a").tabIndex = -1;
      return item;
    });
    const more = document.createElement("li");
    more.id = "tdkt-suggest-all";
    more.className = "tdkt-suggest__all";
    more.setAttribute("role", "option");
    const link = document.createElement("a");
    link.href = allResults(text);
    link.tabIndex = -1;
    link.textContent = search.total ? `Xem tất cả ${search.total} kết quả` : "Mở trang tìm kiếm";
    more.append(link);
    options = [...items, more];
    list.replaceChildren(...options);
    status.textContent = search.total ? "" : `Không tìm thấy kết quả cho “${text}”.`;
    choose(-1);
    box.dataset.settled = text; // what the list now shows (read by benchmarks/suggest.py)
    box.dataset.settledAt = String(performance.now());
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!options.length) return;
      event.preventDefault();
      show(true);
      const next = active + (event.key === "ArrowDown" ? 1 : -1);
      choose(next < 0 ? options.length - 1 : next % options.length);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = options[active].querySelector("a").href;
    } else if (event.key === "Escape") {
      if (!box.hidden) event.preventDefault();
      show(false);
    }
  });
  input.addEventListener("focus", () => { if (options.length && input.value.trim()) show(true); });
  document.addEventListener("click", (event) => { if (!form.contains(event.target)) show(false); });
}

const header = document.getElementById("tdkt-header-q");
if (header && !input) suggestions(header);
