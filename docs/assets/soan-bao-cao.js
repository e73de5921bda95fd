// Drafting a report on an outline's page (soan-bao-cao/<outline>/, made by tdkt/drafting.py).
//
// The draft lives on this device only (localStorage, one per outline) and can be saved to and
// opened from a file. Export fills a copy of the outline's blank DOCX template, whose layout is
// written once, in Python (tdkt/forms/docx_writer.py): the template carries hidden bookmarks
// "_tdkt_<field>" and "_tdkt_m<n>" (section n, in outline order), and the answers replace the
// dotted lines under each section heading. Everything typed is text: it enters the DOM and the
// XML through value/textContent only, never as markup.

const FORMAT = "tdkt-draft";
const VERSION = 1;
const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const XML = "http://www.w3.org/XML/1998/namespace";
const BODY_STYLE = "BodyText"; // style id of "Body Text", defined by the template
const MAX_FILE = 5 * 1024 * 1024;
const NO_CONTENT = "Không có nội dung.";
const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** Text as it is stored and exported: NFC, Unix line ends, no characters XML cannot hold. */
export function cleanText(value) {
  return String(value ?? "")
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "");
}

/** The paragraphs of an answer: one per line, blank lines dropped. */
export function paragraphs(text) {
  return cleanText(text).split("\n").map((line) => line.trim()).filter(Boolean);
}

/** "……, ngày …… tháng …… năm ……" filled as Nghị định 30/2020 writes dates (05, tháng 01 and 02). */
export function placeDate(place, isoDate) {
  const where = cleanText(place).trim() || "……";
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate || "");
  if (!match) return `${where}, ngày …… tháng …… năm ……`;
  const [, year, month, day] = match;
  const m = Number(month);
  return `${where}, ngày ${day} tháng ${m < 3 ? month : String(m)} năm ${year}`;
}

class Drafting {
  constructor(form) {
    this.form = form;
    this.outline = form.dataset.outline;
    this.key = `tdkt-draft:${this.outline}`;
    this.sections = [...form.querySelectorAll(".tdkt-draft-section")].map((el) => ({
      el,
      slot: Number(el.dataset.slot),
      anchor: el.dataset.anchor,
      label: el.dataset.label,
      title: el.dataset.title,
      depth: Number(el.dataset.depth),
      textarea: el.querySelector("textarea[data-answer]"),
      none: el.querySelector("input[data-none]"),
    }));
    this.byAnchor = new Map(this.sections.map((s) => [s.anchor, s]));
    this.fields = [...form.querySelectorAll("[data-field]")];
    this.defaults = new Map(this.fields.map((f) => [f.name, f.value]));
    this.progress = form.querySelector("#tdkt-draft-progress");
    this.message = form.querySelector("#tdkt-draft-message");
    this.missing = form.querySelector(".tdkt-draft-missing");
    this.orphanBox = form.querySelector(".tdkt-draft-orphans");
    this.addedBoxes = this.makeAddedBoxes();
    this.counter = 0;
    this.saveTimer = 0;
    this.exportParts = null;

    this.load();
    form.addEventListener("input", () => this.changed());
    form.addEventListener("change", (event) => {
      if (event.target.matches("[data-action=open-file]")) this.openFile(event.target);
      else this.changed();
    });
    form.addEventListener("click", (event) => this.click(event));
    form.addEventListener("submit", (event) => event.preventDefault());
    // Starting to write fetches what export needs, so that it works if the connection drops later.
    form.addEventListener("focusin", () => this.warmUp().catch(() => {}), { once: true });
    window.addEventListener("pagehide", () => { if (this.saveTimer) this.saveNow(); });
    this.update();
  }

  // -- the page --------------------------------------------------------------------------------

  /** Where sections added after a section appear: after that section and all its sub-sections. */
  makeAddedBoxes() {
    const boxes = new Map();
    this.sections.forEach((section, index) => {
      let next = this.sections.slice(index + 1).find((s) => s.depth <= section.depth);
      const box = document.createElement("div");
      box.className = "tdkt-draft-added";
      box.dataset.addedAfter = section.anchor;
      this.form.insertBefore(box, next ? next.el : this.orphanBox);
      boxes.set(section.anchor, box);
    });
    return boxes;
  }

  click(event) {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const action = button.dataset.action;
    if (action === "export-docx") this.exportDocx();
    else if (action === "export-md") this.exportMarkdown();
    else if (action === "save-file") this.saveFile();
    else if (action === "clear") this.form.querySelector(".tdkt-draft-confirm").hidden = false;
    else if (action === "clear-cancel") this.form.querySelector(".tdkt-draft-confirm").hidden = true;
    else if (action === "clear-confirm") this.clear();
    else if (action === "add") this.addSection(button.dataset.after, { label: "", title: "", text: "" }, true);
    else if (action === "remove") this.removeBlock(button);
    else if (action === "insert") this.insert(button);
  }

  insert(button) {
    const target = document.getElementById(button.dataset.target);
    if (!target) return;
    const text = cleanText(button.dataset.text);
    target.value = target.value.trim() ? `${target.value.replace(/\s+$/, "")}\n${text}` : text;
    target.focus();
    this.changed();
  }

  addSection(after, data, focus = false) {
    const box = this.addedBoxes.get(after);
    if (!box) return false;
    const section = this.byAnchor.get(after);
    const block = this.entry("tdkt-draft-extra", `Mục thêm (cùng cấp với mục ${section.label || section.title})`, data, "Nội dung mục thêm", "Bỏ mục thêm này");
    block.dataset.after = after;
    box.append(block);
    if (focus) block.querySelector("input").focus();
    return true;
  }

  addOrphan(data) {
    const legend = `${data.label || ""} ${data.title || ""}`.trim() || "Mục cũ";
    const block = this.entry("tdkt-draft-orphan", legend, data, "Nội dung", "Bỏ nội dung này");
    block.dataset.anchor = data.anchor || "";
    this.orphanBox.querySelector(".tdkt-draft-orphan-list").append(block);
    this.orphanBox.hidden = false;
  }

  /** A section the person added, or an answer whose section the outline no longer has. */
  entry(className, legendText, data, textLabel, removeText) {
    const n = ++this.counter;
    const block = document.createElement("fieldset");
    block.className = className;
    const legend = document.createElement("legend");
    legend.textContent = legendText;
    block.append(
      legend,
      this.input(`tdkt-e${n}-label`, "Số mục", "label", data.label, "text"),
      this.input(`tdkt-e${n}-title`, "Tên mục", "title", data.title, "text"),
      this.input(`tdkt-e${n}-text`, textLabel, "text", data.text, "textarea"),
      this.removeButton(removeText),
    );
    return block;
  }

  input(id, labelText, role, value, kind) {
    const wrap = document.createElement("p");
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = labelText;
    const control = document.createElement(kind === "textarea" ? "textarea" : "input");
    if (kind === "textarea") control.rows = 5;
    else control.type = "text";
    control.id = id;
    control.dataset.role = role;
    control.value = cleanText(value);
    wrap.append(label, control);
    return wrap;
  }

  removeButton(text) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "tdkt-link-button";
    button.dataset.action = "remove";
    button.textContent = text;
    return button;
  }

  removeBlock(button) {
    button.closest("fieldset").remove();
    if (!this.orphanBox.querySelector("fieldset")) this.orphanBox.hidden = true;
    this.changed();
  }

  say(text, kind = "info") {
    this.message.textContent = text;
    this.message.dataset.kind = kind;
  }

  // -- the draft ---------------------------------------------------------------------------------

  collect() {
    const sections = {};
    for (const s of this.sections) {
      const text = cleanText(s.textarea.value);
      if (text.trim() || s.none.checked) sections[s.anchor] = { label: s.label, title: s.title, text, none: s.none.checked };
    }
    const read = (block) => Object.fromEntries(
      [...block.querySelectorAll("[data-role]")].map((c) => [c.dataset.role, cleanText(c.value)]),
    );
    return {
      format: FORMAT,
      version: VERSION,
      outline: this.outline,
      outlineTitle: this.form.dataset.outlineTitle,
      savedAt: new Date().toISOString(),
      fields: Object.fromEntries(this.fields.map((f) => [f.name, cleanText(f.value)])),
      sections,
      added: [...this.form.querySelectorAll("fieldset.tdkt-draft-extra")].map((b) => ({ after: b.dataset.after, ...read(b) })),
      orphans: [...this.form.querySelectorAll("fieldset.tdkt-draft-orphan")].map((b) => ({ anchor: b.dataset.anchor, ...read(b) })),
    };
  }

  reset() {
    for (const f of this.fields) f.value = this.defaults.get(f.name) ?? "";
    for (const s of this.sections) {
      s.textarea.value = "";
      s.none.checked = false;
    }
    this.form.querySelectorAll("fieldset.tdkt-draft-extra, fieldset.tdkt-draft-orphan").forEach((b) => b.remove());
    this.orphanBox.hidden = true;
  }

  /** Puts a validated draft on the page. Answers to sections the outline no longer has are kept. */
  apply(draft) {
    this.reset();
    for (const f of this.fields) if (typeof draft.fields?.[f.name] === "string") f.value = cleanText(draft.fields[f.name]);
    for (const [anchor, answer] of Object.entries(draft.sections || {})) {
      const section = this.byAnchor.get(anchor);
      if (section) {
        section.textarea.value = cleanText(answer.text);
        section.none.checked = Boolean(answer.none);
      } else if (cleanText(answer.text).trim()) {
        this.addOrphan({ anchor, ...answer });
      }
    }
    for (const extra of draft.added || []) {
      if (!this.addSection(extra.after, extra)) this.addOrphan(extra);
    }
    for (const orphan of draft.orphans || []) this.addOrphan(orphan);
  }

  load() {
    let raw;
    try {
      raw = localStorage.getItem(this.key);
    } catch {
      this.say("Trình duyệt không cho lưu dữ liệu trên máy (chế độ riêng tư?): bản nháp sẽ mất khi đóng trang. Hãy dùng “Lưu bản nháp ra tệp”.", "error");
      return;
    }
    if (raw === null) return;
    let draft;
    try {
      draft = JSON.parse(raw);
    } catch {
      draft = null;
    }
    const problem = draft === null ? "không đọc được" : this.problem(draft);
    if (problem) {
      // Kept aside, never overwritten: the person may still want what it held.
      try {
        localStorage.setItem(`tdkt-draft-hong:${this.outline}`, raw);
        localStorage.removeItem(this.key);
      } catch { /* storage full: the damaged draft stays where it is */ }
      this.say(`Bản nháp lưu trên máy này bị hỏng (${problem}) nên không mở được; bản hỏng được giữ riêng trên máy và trang bắt đầu một bản nháp mới.`, "error");
      return;
    }
    this.apply(draft);
    if (!this.orphanBox.hidden) {
      this.say("Đề cương đã thay đổi từ khi bạn bắt đầu bản nháp: mọi nội dung đã viết được giữ; nội dung của các mục không còn trong đề cương nằm ở cuối trang.", "info");
    }
  }

  /** What is wrong with a draft object, in Vietnamese, or "" when it can be opened here. */
  problem(draft) {
    if (!draft || typeof draft !== "object" || draft.format !== FORMAT) return "không phải bản nháp báo cáo của cổng";
    if (draft.version !== VERSION) return `bản nháp dạng ${String(draft.version)} chưa được hỗ trợ`;
    const strings = (value) => value === undefined || (typeof value === "object" && value !== null && Object.values(value).every((v) => typeof v === "string"));
    const answers = draft.sections === undefined || (typeof draft.sections === "object" && draft.sections !== null &&
      Object.values(draft.sections).every((a) => a && typeof a === "object" && (a.text === undefined || typeof a.text === "string")));
    const list = (value) => value === undefined || (Array.isArray(value) && value.every((item) => item && typeof item === "object"));
    if (typeof draft.outline !== "string" || !strings(draft.fields) || !answers || !list(draft.added) || !list(draft.orphans)) {
      return "thiếu hoặc sai dữ liệu";
    }
    return "";
  }

  changed() {
    this.update();
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.saveNow(), 250);
    this.warmUp().catch(() => {}); // offline now: export says so when asked
  }

  saveNow() {
    clearTimeout(this.saveTimer);
    this.saveTimer = 0;
    try {
      localStorage.setItem(this.key, JSON.stringify(this.collect()));
    } catch {
      this.say("Không lưu được bản nháp trên máy (bộ nhớ trình duyệt đầy hoặc bị chặn). Hãy dùng “Lưu bản nháp ra tệp”.", "error");
    }
  }

  update() {
    const done = this.sections.filter((s) => s.textarea.value.trim() || s.none.checked);
    const none = this.sections.filter((s) => s.none.checked).length;
    const total = this.sections.length;
    this.progress.textContent = `Đã viết ${done.length}/${total} mục` + (none ? ` (${none} mục ghi không có nội dung)` : "");
    for (const s of this.sections) {
      s.textarea.disabled = s.none.checked;
      s.el.classList.toggle("tdkt-draft-done", done.includes(s));
    }
    const empty = this.sections.filter((s) => !done.includes(s));
    const list = this.missing.querySelector("ul");
    list.replaceChildren(...empty.map((s) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = `#${s.anchor}`;
      link.textContent = `${s.label} ${s.title}`.trim();
      item.append(link);
      return item;
    }));
    this.missing.querySelector("summary").textContent = `Các mục chưa viết (${empty.length})`;
    this.missing.hidden = empty.length === 0;
  }

  emptySections() {
    return this.sections.filter((s) => !s.textarea.value.trim() && !s.none.checked);
  }

  clear() {
    this.form.querySelector(".tdkt-draft-confirm").hidden = true;
    try {
      localStorage.removeItem(this.key);
    } catch { /* nothing was saved */ }
    this.reset();
    this.update();
    this.say("Đã xóa bản nháp trên máy này.");
  }

  // -- files -------------------------------------------------------------------------------------

  saveFile() {
    const draft = this.collect();
    this.saveNow();
    download(new Blob([JSON.stringify(draft, null, 2)], { type: "application/json" }), `${this.form.dataset.fileName}-ban-nhap.json`);
    this.say("Đã lưu bản nháp ra tệp. Mở tệp này bằng nút “Mở bản nháp từ tệp” trên trang này, ở máy nào cũng được.");
  }

  async openFile(input) {
    const file = input.files && input.files[0];
    input.value = "";
    if (!file) return;
    const keep = "Bản nháp đang có được giữ nguyên.";
    if (file.size > MAX_FILE) {
      this.say(`Tệp “${file.name}” quá lớn để là một bản nháp (${Math.round(file.size / 1024 / 1024)} MB). ${keep}`, "error");
      return;
    }
    let draft;
    try {
      draft = JSON.parse(await file.text());
    } catch {
      this.say(`Tệp “${file.name}” không phải tệp bản nháp của cổng (không đọc được nội dung). Hãy chọn tệp .json đã lưu bằng nút “Lưu bản nháp ra tệp”. ${keep}`, "error");
      return;
    }
    const problem = this.problem(draft);
    if (problem) {
      this.say(`Tệp “${file.name}” không mở được: ${problem}. ${keep}`, "error");
      return;
    }
    if (draft.outline !== this.outline) {
      const name = typeof draft.outlineTitle === "string" ? `“${draft.outlineTitle}”` : draft.outline;
      this.say(`Tệp “${file.name}” là bản nháp theo một đề cương khác (${name}); hãy mở nó trên trang soạn báo cáo của đề cương đó. ${keep}`, "error");
      return;
    }
    this.apply(draft);
    this.saveNow();
    this.update();
    this.say(`Đã mở bản nháp từ tệp “${file.name}”.` + (this.orphanBox.hidden ? "" : " Đề cương đã thay đổi: nội dung của các mục không còn trong đề cương nằm ở cuối trang."));
  }

  // -- export ------------------------------------------------------------------------------------

  /** The zip library and the blank template, fetched once, as soon as the person starts writing:
   * an export then works even if the connection drops afterwards. */
  warmUp() {
    if (!this.exportParts) {
      const library = import(new URL(this.form.dataset.vendor, location.href).href);
      const template = fetch(this.form.dataset.template).then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.arrayBuffer();
      });
      this.exportParts = Promise.all([library, template]);
      this.exportParts.catch(() => { this.exportParts = null; });
    }
    return this.exportParts;
  }

  warnMissing(format) {
    const empty = this.emptySections();
    if (!empty.length) return "";
    const names = empty.slice(0, 5).map((s) => s.label || s.title).join(", ");
    const more = empty.length > 5 ? ` và ${empty.length - 5} mục khác` : "";
    return ` Còn ${empty.length} mục chưa viết (${names}${more})` + (format === "docx" ? ": trong tệp, các mục này giữ dòng chấm để điền sau." : ".");
  }

  async exportDocx() {
    this.saveNow();
    const draft = this.collect();
    let parts;
    try {
      parts = await this.warmUp();
    } catch {
      this.say("Không tải được mẫu Word để xuất (mất kết nối?). Bản nháp vẫn được lưu trên máy; hãy thử lại khi có mạng.", "error");
      return;
    }
    const [zip, template] = parts;
    let bytes;
    try {
      const files = zip.unzipSync(new Uint8Array(template));
      const xml = new DOMParser().parseFromString(zip.strFromU8(files["word/document.xml"]), "application/xml");
      fillDocument(xml, draft, this.sections);
      files["word/document.xml"] = zip.strToU8(new XMLSerializer().serializeToString(xml));
      if (files["docProps/core.xml"]) files["docProps/core.xml"] = zip.strToU8(retitle(zip.strFromU8(files["docProps/core.xml"]), draft));
      bytes = zip.zipSync(files, { level: 6 });
    } catch (error) {
      this.say(`Không tạo được tệp Word: ${error.message}. Bản nháp vẫn được giữ trên máy.`, "error");
      return;
    }
    download(new Blob([bytes], { type: DOCX_TYPE }), `${this.form.dataset.fileName}.docx`);
    this.say("Đã tạo tệp Word." + this.warnMissing("docx"), this.emptySections().length ? "warning" : "info");
  }

  exportMarkdown() {
    this.saveNow();
    const text = toMarkdown(this.collect(), this.sections, this.form.dataset);
    download(new Blob([text], { type: "text/markdown;charset=utf-8" }), `${this.form.dataset.fileName}.md`);
    this.say("Đã tạo tệp Markdown." + this.warnMissing("md"), this.emptySections().length ? "warning" : "info");
  }
}

function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// -- filling the template --------------------------------------------------------------------------

/** Fills the template's slots in document.xml with the draft (both as DOM). */
export function fillDocument(xml, draft, sections) {
  const marks = new Map();
  for (const mark of xml.getElementsByTagNameNS(W, "bookmarkStart")) marks.set(mark.getAttributeNS(W, "name"), mark);
  const slot = (name) => {
    const mark = marks.get(`_tdkt_${name}`);
    if (!mark) throw new Error(`mẫu Word thiếu chỗ “${name}”, hãy tải lại trang`);
    return mark;
  };
  const fields = draft.fields || {};
  const value = (name) => cleanText(fields[name]).trim();

  const setField = (name, lines) => {
    if (lines.some(Boolean)) replaceRuns(slot(name), lines);
  };
  setField("co_quan_chu_quan", [value("co_quan_chu_quan")]);
  setField("co_quan", [value("co_quan")]);
  if (value("so")) setField("so", [/^số\b/i.test(value("so")) ? value("so") : `Số: ${value("so")}`]);
  if (value("dia_danh") || value("ngay")) setField("ngay", [placeDate(value("dia_danh"), value("ngay"))]);
  setField("trich_yeu", [value("trich_yeu")]);
  setField("kinh_gui", [value("kinh_gui")]);
  if (value("quyen_han") || value("chuc_vu")) {
    const title = value("chuc_vu") || textOf(paragraphOf(slot("chuc_vu")));
    replaceRuns(slot("chuc_vu"), value("quyen_han") ? [value("quyen_han"), title] : [title]);
  }
  setField("ho_ten", [value("ho_ten")]);
  const recipients = paragraphs(fields.noi_nhan || "");
  if (recipients.length) replaceRecipients(paragraphOf(slot("noi_nhan")), recipients);

  const end = paragraphOf(slot("het"));
  const headings = new Map(sections.map((s) => [s.anchor, paragraphOf(slot(`m${s.slot}`))]));
  const isBoundary = new Set([end, ...headings.values()]);
  for (const section of sections) {
    const heading = headings.get(section.anchor);
    const answer = (draft.sections || {})[section.anchor];
    const lines = answer ? paragraphs(answer.text) : [];
    if (!lines.length && !(answer && answer.none)) continue; // unanswered: the dotted lines stay
    let node = heading.nextSibling;
    while (node && !isBoundary.has(node)) {
      const next = node.nextSibling;
      if (node.nodeType === 1 && node.localName !== "sectPr") node.remove();
      node = next;
    }
    insertAfter(heading, bodyParagraphs(xml, lines.length ? lines : [NO_CONTENT]));
  }
  // Added sections go after their section's whole subtree; deepest first where subtrees end together.
  const added = draft.added || [];
  for (let i = sections.length - 1; i >= 0; i--) {
    const section = sections[i];
    const mine = added.filter((a) => a.after === section.anchor);
    if (!mine.length) continue;
    const next = sections.slice(i + 1).find((s) => s.depth <= section.depth);
    const before = next ? headings.get(next.anchor) : end;
    for (const extra of mine) insertBefore(before, extraSection(xml, headings.get(section.anchor), extra));
  }
  const first = sections.length ? headings.get(sections[0].anchor) : null;
  for (const orphan of draft.orphans || []) {
    if (first && (cleanText(orphan.text).trim() || cleanText(orphan.title).trim())) insertBefore(end, extraSection(xml, first, orphan));
  }
}

function paragraphOf(node) {
  let current = node;
  while (current && !(current.namespaceURI === W && current.localName === "p")) current = current.parentNode;
  if (!current) throw new Error("mẫu Word không đúng cấu trúc");
  return current;
}

function textOf(paragraph) {
  return [...paragraph.getElementsByTagNameNS(W, "t")].map((t) => t.textContent).join("");
}

function el(xml, name, attributes = {}) {
  const node = xml.createElementNS(W, `w:${name}`);
  for (const [key, value] of Object.entries(attributes)) node.setAttributeNS(W, `w:${key}`, value);
  return node;
}

/** A run holding lines of text (w:br between them), with the given run properties. */
function run(xml, lines, properties) {
  const r = el(xml, "r");
  if (properties) r.append(properties.cloneNode(true));
  lines.forEach((line, index) => {
    if (index) r.append(el(xml, "br"));
    const t = el(xml, "t");
    t.setAttributeNS(XML, "xml:space", "preserve");
    t.textContent = line;
    r.append(t);
  });
  return r;
}

/** Replaces the runs inside a bookmark with one run of new text, keeping their formatting. */
function replaceRuns(mark, lines) {
  const xml = mark.ownerDocument;
  const id = mark.getAttributeNS(W, "id");
  const runs = [];
  for (let node = mark.nextSibling; node; node = node.nextSibling) {
    if (node.localName === "bookmarkEnd" && node.getAttributeNS(W, "id") === id) break;
    if (node.localName === "r") runs.push(node);
  }
  const properties = runs[0] ? runs[0].getElementsByTagNameNS(W, "rPr")[0] : null;
  const replacement = run(xml, lines, properties);
  if (runs.length) runs[0].before(replacement);
  else mark.after(replacement);
  runs.forEach((r) => r.remove());
}

/** "Nơi nhận:" is followed, in its table cell, by one paragraph per recipient. */
function replaceRecipients(heading, recipients) {
  const xml = heading.ownerDocument;
  const old = [];
  for (let node = heading.nextSibling; node; node = node.nextSibling) if (node.localName === "p") old.push(node);
  const model = old[0];
  const pPr = model ? model.getElementsByTagNameNS(W, "pPr")[0] : null;
  const rPr = model ? model.getElementsByTagNameNS(W, "rPr")[0] : null;
  const fresh = recipients.map((line) => {
    const p = el(xml, "p");
    if (pPr) p.append(pPr.cloneNode(true));
    p.append(run(xml, [/^[-–+]/.test(line) ? line : `- ${line}`], rPr));
    return p;
  });
  old.forEach((p) => p.remove());
  insertAfter(heading, fresh);
}

function bodyParagraphs(xml, lines) {
  return lines.map((line) => {
    const p = el(xml, "p");
    const pPr = el(xml, "pPr");
    pPr.append(el(xml, "pStyle", { val: BODY_STYLE }));
    p.append(pPr, run(xml, [line], null));
    return p;
  });
}

/** An added section: a heading formatted like the section it follows, then its paragraphs. */
function extraSection(xml, model, extra) {
  const heading = el(xml, "p");
  const pPr = model.getElementsByTagNameNS(W, "pPr")[0];
  if (pPr) heading.append(pPr.cloneNode(true));
  const text = `${cleanText(extra.label).trim()} ${cleanText(extra.title).trim()}`.trim() || "Mục thêm";
  heading.append(run(xml, [text], null));
  const lines = paragraphs(extra.text || "");
  return [heading, ...bodyParagraphs(xml, lines)];
}

function insertAfter(node, nodes) {
  node.after(...nodes);
}

function insertBefore(node, nodes) {
  node.before(...nodes);
}

/** The file's title in its properties: the report's, not the template's. */
function retitle(coreXml, draft) {
  const doc = new DOMParser().parseFromString(coreXml, "application/xml");
  const title = doc.getElementsByTagNameNS("http://purl.org/dc/elements/1.1/", "title")[0];
  const summary = cleanText(draft.fields?.trich_yeu).trim();
  if (title) title.textContent = summary ? `Báo cáo: ${summary}`.slice(0, 255) : "Báo cáo";
  return new XMLSerializer().serializeToString(doc);
}

// -- Markdown ------------------------------------------------------------------------------------

export function toMarkdown(draft, sections, page) {
  const f = draft.fields || {};
  const value = (name, fallback = "……") => cleanText(f[name]).trim() || fallback;
  const escape = (text) => cleanText(text).replace(/([\\`*_[\]<>#|])/g, "\\$1");
  const out = [];
  if (value("co_quan_chu_quan", "")) out.push(`${escape(value("co_quan_chu_quan"))}  `);
  out.push(`**${escape(value("co_quan"))}**  `, `Số: ${escape(value("so").replace(/^số:?\s*/i, ""))}`, "");
  out.push(`**${escape(page.national)}**  `, `**${escape(page.motto)}**  `, `*${escape(placeDate(value("dia_danh", ""), value("ngay", "")))}*`, "");
  out.push("# BÁO CÁO", "", `**${escape(value("trich_yeu"))}**`, "", `Kính gửi: ${escape(value("kinh_gui"))}`, "");
  const added = draft.added || [];
  const body = (text) => paragraphs(text).map(escape).flatMap((line) => [line, ""]);
  const extra = (depth, item) => [`${"#".repeat(Math.min(depth + 1, 6))} ${escape(`${item.label || ""} ${item.title || ""}`.trim() || "Mục thêm")}`, "", ...body(item.text || "")];
  const pending = []; // [depth, anchor] of sections whose additions wait for the end of their subtree
  const flush = (depth) => {
    while (pending.length && pending[pending.length - 1][0] >= depth) {
      const [d, anchor] = pending.pop();
      for (const item of added.filter((a) => a.after === anchor)) out.push(...extra(d, item));
    }
  };
  for (const s of sections) {
    flush(s.depth);
    out.push(`${"#".repeat(Math.min(s.depth + 1, 6))} ${escape(`${s.label} ${s.title}`.trim())}`, "");
    const answer = (draft.sections || {})[s.anchor];
    if (answer && paragraphs(answer.text).length) out.push(...body(answer.text));
    else if (answer && answer.none) out.push(NO_CONTENT, "");
    else out.push("……………………………………", "");
    pending.push([s.depth, s.anchor]);
  }
  flush(0);
  for (const orphan of draft.orphans || []) out.push(...extra(1, orphan));
  out.push("**Nơi nhận:**", "");
  const recipients = paragraphs(f.noi_nhan || "");
  out.push(...(recipients.length ? recipients : ["Như trên;", "Lưu: VT."]).map((line) => `- ${escape(line.replace(/^[-–+]\s*/, ""))}`), "");
  if (value("quyen_han", "")) out.push(`**${escape(value("quyen_han"))}**  `);
  out.push(`**${escape(value("chuc_vu", "QUYỀN HẠN, CHỨC VỤ CỦA NGƯỜI KÝ"))}**`, "", "", `**${escape(value("ho_ten", "Họ và tên"))}**`, "");
  return out.join("\n");
}

// Last: the class above is not hoisted.
const draftForm = document.getElementById("tdkt-draft");
if (draftForm) new Drafting(draftForm);
