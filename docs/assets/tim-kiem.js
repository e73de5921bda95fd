// The search page: Pagefind's index of the site, queried as the user types.
// The index writes "đ" as "d" + U+0335 so that Pagefind folds it to "d" (see tdkt/search/index.py):
// queries are written the same way, titles and excerpts are written back before display.
const STROKE = "\u0335";
const SITE_ROOT = new URL("../", import.meta.url);
const MAX_RESULTS = 20;

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

async function run(query, status, list) {
  const text = query.trim();
  if (!text) {
    status.textContent = "";
    list.replaceChildren();
    return;
  }
  status.textContent = "Đang tìm…";
  const search = await (await pagefind()).debouncedSearch(toIndex(text), {}, 120);
  if (search === null) return; // a newer query superseded this one
  const found = await Promise.all(search.results.slice(0, MAX_RESULTS).map((result) => result.data()));
  list.replaceChildren(...found.map(resultItem));
  status.textContent = search.results.length
    ? `${search.results.length} kết quả cho “${text}”.`
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
