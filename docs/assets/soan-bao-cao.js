// Drafting a report on an outline's page (soan-bao-cao/<outline>/, made by tdkt/drafting.py).
//
// The draft lives on this device only (localStorage, one per outline) and can be saved to and
// opened from a file, or from a Word file the page exported. Several tabs of one draft merge per
// section on every save and follow each other through the "storage" event (soan-store.js).
// Export, sharing sections out, merging units' files and the synthesis are modules loaded when
// first used (soan-word.js, soan-markdown.js, soan-giao.js, soan-tong-hop.js). Everything typed
// is text: it enters the DOM and the XML through value/textContent only, never as markup.

import { cleanText, download, fillLine, newId, readNumber, sameTitle } from "./soan-text.js";
import { FORMAT, VERSION, emptyDraft, hasContent, mergeDrafts, normalise } from "./soan-store.js";
import { readConflicts, renderConflicts, resolveConflict } from "./soan-chon-ban.js";
import { makeBlanks } from "./soan-cho-dien.js";

const MAX_FILE = 5 * 1024 * 1024;
const KEEP = "Bản nháp đang có được giữ nguyên.";

export class Drafting {
  constructor(form) {
    this.form = form;
    this.outline = form.dataset.outline;
    this.key = `tdkt-draft:${this.outline}`;
    this.undoKey = `tdkt-draft-truoc:${this.outline}`;
    this.sections = [...form.querySelectorAll(".tdkt-draft-section")].map((el) => ({
      el,
      slot: Number(el.dataset.slot),
      anchor: el.dataset.anchor,
      label: el.dataset.label,
      title: el.dataset.title,
      depth: Number(el.dataset.depth),
      lines: JSON.parse(el.dataset.lines || "[]"),
      textarea: el.querySelector("textarea[data-answer]"),
      none: el.querySelector("input[data-none]"),
      blanks: new Map(),
    }));
    this.byAnchor = new Map(this.sections.map((s) => [s.anchor, s]));
    this.fields = [...form.querySelectorAll("[data-field]")];
    this.defaults = new Map(this.fields.map((f) => [f.name, f.value]));
    this.progress = form.querySelector("#tdkt-draft-progress");
    this.message = form.querySelector("#tdkt-draft-message");
    this.storageNotice = form.querySelector("#tdkt-draft-storage");
    this.missing = form.querySelector(".tdkt-draft-missing");
    this.orphanBox = form.querySelector(".tdkt-draft-orphans");
    this.assignmentBox = form.querySelector(".tdkt-draft-assignment");
    this.assignment = null;
    this.counter = 0;
    this.saveTimer = 0;
    this.exportParts = null;
    this.base = emptyDraft(this.outline); // what this tab last read from or wrote to the device
    this.storageWorks = true;
    for (const section of this.sections) makeBlanks(section);
    this.addedBoxes = this.makeAddedBoxes();

    this.load();
    form.addEventListener("input", () => this.changed());
    form.addEventListener("change", (event) => {
      if (event.target.matches("[data-action=open-file]")) this.openFile(event.target);
      else if (event.target.matches("[data-blank]")) this.checkBlank(event.target);
      else if (!event.target.closest("[data-module]")) this.changed();
    });
    form.addEventListener("click", (event) => this.click(event));
    form.addEventListener("submit", (event) => event.preventDefault());
    // Starting to write fetches what export needs, so that it works if the connection drops later.
    form.addEventListener("focusin", (event) => { if (!event.target.closest("dialog")) this.warmUp().catch(() => {}); }, { once: true });
    window.addEventListener("pagehide", () => { if (this.saveTimer) this.saveNow(); });
    window.addEventListener("storage", (event) => { if (event.key === this.key) this.followOtherTab(event.newValue); });
    for (const dialog of form.querySelectorAll("dialog")) dialog.addEventListener("close", () => this.dialogClosed(dialog));
    this.update();
  }

  // -- the page --------------------------------------------------------------------------------

  /** Where sections added after a section appear: after that section and all its sub-sections. */
  makeAddedBoxes() {
    const boxes = new Map();
    this.sections.forEach((section, index) => {
      const next = this.sections.slice(index + 1).find((s) => s.depth <= section.depth);
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
    else if (action === "clear") this.openDialog("#tdkt-draft-clear", button);
    else if (action === "clear-cancel" || action === "open-cancel") button.closest("dialog").close();
    else if (action === "clear-confirm") { button.closest("dialog").close(); this.clear(); }
    else if (action === "open-confirm") { button.closest("dialog").close(); this.replaceWith(this.pendingOpen, () => this.note(this.pendingMessage)); }
    else if (action === "undo") this.undo();
    else if (action === "add") this.addSection(button.dataset.after, { label: "", title: "", text: "" }, true);
    else if (action === "remove") this.removeBlock(button);
    else if (action === "insert") this.insert(button);
    else if (action === "move-orphan") this.moveOrphan(button);
    else if (action.startsWith("conflict-")) resolveConflict(this, button, action.slice(9));
    else if (action === "share" || action === "synthesis") this.openModule(action, button);
  }

  openDialog(selector, opener) {
    const dialog = this.form.querySelector(selector);
    dialog.opener = opener;
    dialog.showModal();
    dialog.querySelector("[autofocus]")?.focus();
  }

  dialogClosed(dialog) {
    // Back to the control that opened it, not the page body.
    const opener = dialog.opener && dialog.opener.isConnected ? dialog.opener : this.form.querySelector("[data-action=open-file]");
    opener?.focus();
    if (dialog.id === "tdkt-draft-open-dialog" && dialog.returnValue !== "done") this.pendingOpen = null;
  }

  async openModule(name, button) {
    const region = this.form.querySelector(`[data-module=${name}]`);
    try {
      const module = await import(name === "share" ? "./soan-giao.js" : "./soan-tong-hop.js");
      if (!region.dataset.ready) {
        module.mount(this, region);
        region.dataset.ready = "1";
      }
    } catch (error) {
      this.say(`Không mở được phần này (${error.message}). Hãy tải lại trang.`, "error");
      return;
    }
    region.hidden = false;
    button.setAttribute("aria-expanded", "true");
    region.querySelector("h2, h3")?.focus({ preventScroll: true });
    // Below the progress bar, which stays at the top of the screen on wide screens.
    const bar = this.form.querySelector(".tdkt-draft-bar");
    const covered = getComputedStyle(bar).position === "sticky" ? bar.offsetHeight + 60 : 60;
    window.scrollTo({ top: region.getBoundingClientRect().top + window.scrollY - covered });
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
    block.dataset.note = data.note || "";
    if (data.note) {
      const note = document.createElement("p");
      note.className = "tdkt-draft-orphan-note";
      note.textContent = data.note;
      block.querySelector("legend").after(note);
    }
    // A section of the outline with the same title (renumbered): offered, never done silently.
    const same = this.sections.find((s) => sameTitle(s.title, data.title) && s.anchor !== data.anchor);
    if (same) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "tdkt-link-button";
      button.dataset.action = "move-orphan";
      button.dataset.target = same.anchor;
      button.textContent = `Đưa vào mục ${`${same.label} ${same.title}`.trim()}`;
      block.append(button);
    }
    this.orphanBox.querySelector(".tdkt-draft-orphan-list").append(block);
    this.orphanBox.hidden = false;
  }

  moveOrphan(button) {
    const block = button.closest("fieldset");
    const section = this.byAnchor.get(button.dataset.target);
    const text = block.querySelector("[data-role=text]").value;
    section.textarea.value = section.textarea.value.trim() ? `${section.textarea.value.replace(/\s+$/, "")}\n${text}` : text;
    block.remove();
    if (!this.orphanBox.querySelector("fieldset")) this.orphanBox.hidden = true;
    section.textarea.focus();
    this.changed();
  }

  /** A section the person added, or an answer whose section the outline no longer has. */
  entry(className, legendText, data, textLabel, removeText) {
    const n = ++this.counter;
    const block = document.createElement("fieldset");
    block.className = className;
    block.dataset.id = data.id || newId();
    const legend = document.createElement("legend");
    legend.textContent = legendText;
    block.append(
      legend,
      this.input(`tdkt-e${n}-label`, "Số mục", "label", data.label, "text"),
      this.input(`tdkt-e${n}-title`, "Tên mục", "title", data.title, "text"),
      this.input(`tdkt-e${n}-text`, textLabel, "text", data.text, "textarea"),
      this.button("remove", removeText),
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

  button(action, text, attributes = {}) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "tdkt-link-button";
    button.dataset.action = action;
    button.textContent = text;
    for (const [key, value] of Object.entries(attributes)) button.setAttribute(key, value);
    return button;
  }

  removeBlock(button) {
    button.closest("fieldset").remove();
    if (!this.orphanBox.querySelector("fieldset")) this.orphanBox.hidden = true;
    this.changed();
  }

  /** A message about what just happened; an undo button when it can be undone. */
  say(text, kind = "info", undo = false) {
    this.message.replaceChildren(document.createTextNode(text));
    if (undo) this.message.append(" ", this.button("undo", "Hoàn tác"));
    this.message.dataset.kind = kind;
  }

  checkBlank(input) {
    const value = input.value.trim();
    const wrong = input.dataset.kind !== "text" && value && Number.isNaN(readNumber(value));
    input.setAttribute("aria-invalid", wrong ? "true" : "false");
    if (wrong) this.say(`“${value}” ở chỗ điền “${input.getAttribute("aria-label")}” không phải là số (viết ví dụ 12 hoặc 12,5). Giá trị vẫn được giữ.`, "warning");
    this.changed();
  }

  // -- the draft ---------------------------------------------------------------------------------

  collect() {
    const sections = {};
    for (const s of this.sections) {
      const text = cleanText(s.textarea.value);
      const blanks = {};
      for (const [index, { input }] of s.blanks) if (cleanText(input.value).trim()) blanks[index] = cleanText(input.value).trim();
      if (text.trim() || s.none.checked || Object.keys(blanks).length) {
        sections[s.anchor] = { label: s.label, title: s.title, text, none: s.none.checked, blanks };
      }
    }
    const read = (block) => Object.fromEntries(
      [...block.querySelectorAll("[data-role]")].map((c) => [c.dataset.role, cleanText(c.value)]),
    );
    const draft = {
      format: FORMAT,
      version: VERSION,
      outline: this.outline,
      outlineTitle: this.form.dataset.outlineTitle,
      savedAt: new Date().toISOString(),
      fields: Object.fromEntries(this.fields.map((f) => [f.name, cleanText(f.value)])),
      sections,
      added: [...this.form.querySelectorAll("fieldset.tdkt-draft-extra")].map((b) => ({ id: b.dataset.id, after: b.dataset.after, ...read(b) })),
      // Keys in the order normalise() gives them: saved and stored drafts compare as strings.
      orphans: [...this.form.querySelectorAll("fieldset.tdkt-draft-orphan")].map((b) => ({ id: b.dataset.id, anchor: b.dataset.anchor, ...read(b), note: b.dataset.note || "" })),
      conflicts: readConflicts(this.form),
    };
    if (this.assignment) draft.assignment = this.assignment;
    return draft;
  }

  /** Puts a clean draft (normalise()) on the page, changing only what differs, so that a tab
   * following another keeps the cursor where the person writes. Answers whose section changed
   * (another title under the same key, or a key the outline no longer has) are shown apart with
   * their old label and title. */
  apply(draft) {
    for (const f of this.fields) {
      const value = typeof draft.fields[f.name] === "string" ? draft.fields[f.name] : this.defaults.get(f.name) ?? "";
      if (f.value !== value) f.value = value;
    }
    const orphans = [...draft.orphans];
    for (const s of this.sections) {
      let answer = draft.sections[s.anchor];
      if (answer && answer.title && !sameTitle(answer.title, s.title)) {
        orphans.push(orphanOf(s.anchor, answer, this.sections, `Mục ${`${answer.label} ${answer.title}`.trim()} của bản nháp; trong đề cương hiện nay, số mục này là “${`${s.label} ${s.title}`.trim()}”.`));
        answer = undefined;
      }
      const text = answer ? answer.text : "";
      if (s.textarea.value !== text) s.textarea.value = text;
      s.none.checked = Boolean(answer && answer.none);
      for (const [index, { input }] of s.blanks) {
        const value = answer?.blanks?.[index] ?? "";
        if (input.value !== value) input.value = value;
      }
    }
    for (const [anchor, answer] of Object.entries(draft.sections)) {
      if (!this.byAnchor.has(anchor) && (answer.text.trim() || Object.keys(answer.blanks || {}).length)) {
        orphans.push(orphanOf(anchor, answer, this.sections, "Mục này không còn trong đề cương."));
      }
    }
    const extras = JSON.stringify([draft.added, orphans, draft.conflicts]);
    if (extras !== this.shownExtras) {
      this.form.querySelectorAll("fieldset.tdkt-draft-extra, fieldset.tdkt-draft-orphan").forEach((b) => b.remove());
      this.orphanBox.hidden = true;
      for (const extra of draft.added) if (!this.addSection(extra.after, extra)) orphans.push({ ...extra, anchor: extra.after, note: "Mục thêm sau một mục không còn trong đề cương." });
      for (const orphan of orphans) this.addOrphan(orphan);
      renderConflicts(this, draft.conflicts);
      this.shownExtras = extras;
    }
    this.setAssignment(draft.assignment || null);
  }

  setAssignment(assignment) {
    this.assignment = assignment;
    for (const s of this.sections) s.el.classList.toggle("tdkt-draft-assigned", Boolean(assignment && assignment.sections.includes(s.anchor)));
    if (!this.assignmentBox) return;
    this.assignmentBox.hidden = !assignment;
    if (!assignment) return;
    const names = assignment.sections.map((a) => this.byAnchor.get(a)).filter(Boolean).map((s) => this.address(s));
    this.assignmentBox.textContent = `Bản giao cho ${assignment.unit || "đơn vị"}${assignment.from ? ` (do ${assignment.from} giao)` : ""}: viết các mục ${names.join(", ")} (được đánh dấu “Được giao”), rồi bấm “Lưu bản nháp ra tệp” và gửi tệp đó về.`;
  }

  /** A section's place in the outline, as the portal writes it: "IV > 1." */
  address(section) {
    const path = [section.label || section.title];
    let depth = section.depth;
    for (let i = this.sections.indexOf(section) - 1; i >= 0 && depth > 1; i--) {
      if (this.sections[i].depth < depth) {
        path.unshift(this.sections[i].label || this.sections[i].title);
        depth = this.sections[i].depth;
      }
    }
    return path.join(" > ");
  }

  /** The stored draft, clean; null when there is none. Throws when it cannot be read. */
  readStored() {
    const raw = localStorage.getItem(this.key);
    if (raw === null) return null;
    let value;
    try {
      value = JSON.parse(raw);
    } catch {
      throw Object.assign(new Error("không đọc được"), { raw });
    }
    try {
      return normalise(value, this.outline);
    } catch (error) {
      throw Object.assign(error, { raw });
    }
  }

  load() {
    let draft;
    try {
      draft = this.readStored();
    } catch (error) {
      if (error.raw === undefined) {
        this.storageFailed("Trình duyệt không cho lưu dữ liệu trên máy (chế độ riêng tư?): bản nháp sẽ mất khi đóng trang. Hãy dùng “Lưu bản nháp ra tệp”.");
        return;
      }
      // Kept aside, never overwritten: the person may still want what it held.
      try {
        localStorage.setItem(`tdkt-draft-hong:${this.outline}`, error.raw);
        localStorage.removeItem(this.key);
      } catch { /* storage full: the damaged draft stays where it is */ }
      this.say(`Bản nháp lưu trên máy này bị hỏng (${error.message}) nên không mở được; bản hỏng được giữ riêng trên máy và trang bắt đầu một bản nháp mới.`, "error");
      return;
    }
    if (!draft) return;
    this.base = draft;
    this.apply(draft);
    if (!this.orphanBox.hidden) {
      this.say("Đề cương đã thay đổi từ khi bạn bắt đầu bản nháp: mọi nội dung đã viết được giữ; nội dung của các mục đã đổi hoặc không còn trong đề cương nằm ở cuối trang, kèm số mục và tên mục cũ.", "info");
    }
  }

  changed() {
    this.update();
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.saveNow(), 250);
    this.warmUp().catch(() => {}); // offline now: export says so when asked
  }

  /** Saves this tab's draft, merged per section with what another tab saved meanwhile. */
  saveNow() {
    clearTimeout(this.saveTimer);
    this.saveTimer = 0;
    let mine = this.collect();
    try {
      let stored = null;
      try {
        stored = this.readStored();
      } catch (error) {
        if (error.raw === undefined) throw error;
        localStorage.setItem(`tdkt-draft-hong:${this.outline}`, error.raw);
      }
      if (stored && JSON.stringify({ ...stored, savedAt: "" }) !== JSON.stringify({ ...this.base, savedAt: "" })) {
        const { draft, clashes } = mergeDrafts(this.base, mine, stored);
        mine = draft;
        this.apply(mine);
        this.update();
        if (clashes.length) this.sayClashes(clashes);
      }
      localStorage.setItem(this.key, JSON.stringify(mine));
      this.base = mine;
      this.storageRecovered();
    } catch {
      this.storageFailed("Không lưu được bản nháp trên máy (bộ nhớ trình duyệt đầy hoặc bị chặn). Hãy dùng “Lưu bản nháp ra tệp” để khỏi mất bài.");
    }
  }

  /** Another tab saved: take what it changed, keep what this tab changed since. */
  followOtherTab(raw) {
    if (raw === null) {
      // Cleared in the other tab: this tab's text is not dropped unasked, and it says so.
      this.base = emptyDraft(this.outline);
      if (hasContent(this.collect(), this.defaults)) {
        this.say("Bản nháp vừa được xóa ở một thẻ khác. Nội dung trên thẻ này vẫn còn: viết tiếp ở đây thì bản nháp được lưu lại từ thẻ này; muốn xóa cả ở đây, bấm “Xóa bản nháp”.", "warning");
      }
      return;
    }
    let stored;
    try {
      stored = normalise(JSON.parse(raw), this.outline);
    } catch {
      return;
    }
    const { draft, clashes } = mergeDrafts(this.base, this.collect(), stored);
    this.base = stored;
    this.apply(draft);
    this.update();
    if (clashes.length) {
      this.sayClashes(clashes);
      this.changed();
    }
  }

  sayClashes(clashes) {
    const names = clashes.map((a) => this.byAnchor.get(a)?.label || a).join(", ");
    this.say(`Mục ${names} vừa được sửa ở một thẻ khác của cùng bản nháp: bản ở thẻ kia được giữ ngay dưới ô viết để bạn chọn.`, "warning");
  }

  storageFailed(text) {
    this.storageWorks = false;
    this.storageNotice.textContent = text;
    this.storageNotice.hidden = false;
  }

  storageRecovered() {
    if (this.storageWorks) return;
    this.storageWorks = true;
    this.storageNotice.textContent = "";
    this.storageNotice.hidden = true;
  }

  update() {
    const done = this.sections.filter((s) => s.textarea.value.trim() || s.none.checked);
    const none = this.sections.filter((s) => s.none.checked).length;
    const scope = this.assignment ? this.sections.filter((s) => this.assignment.sections.includes(s.anchor)) : this.sections;
    const inputs = scope.flatMap((s) => (s.none.checked ? [] : [...s.blanks.values()].map((b) => b.input)));
    const filled = inputs.filter((input) => input.value.trim()).length;
    const written = scope.filter((s) => done.includes(s)).length;
    this.progress.textContent = `Đã viết ${written}/${scope.length} mục${this.assignment ? " được giao" : ""}` +
      (none ? ` (${none} mục ghi không có nội dung)` : "") +
      (inputs.length ? `, điền ${filled}/${inputs.length} chỗ trống` : "");
    for (const s of this.sections) {
      s.textarea.disabled = s.none.checked;
      for (const { input } of s.blanks.values()) input.disabled = s.none.checked;
      s.el.classList.toggle("tdkt-draft-done", done.includes(s));
    }
    const empty = scope.filter((s) => !done.includes(s));
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
    this.keepForUndo();
    try {
      localStorage.removeItem(this.key);
    } catch { /* nothing was saved */ }
    this.base = emptyDraft(this.outline);
    this.apply(emptyDraft(this.outline));
    this.update();
    this.say("Đã xóa bản nháp trên máy này.", "info", true);
  }

  // -- replacing the draft, and undoing it ------------------------------------------------------

  keepForUndo() {
    this.undoDraft = this.collect();
    try {
      localStorage.setItem(this.undoKey, JSON.stringify(this.undoDraft));
    } catch { /* kept in this tab only */ }
  }

  /** Puts another draft in place of this one (a file opened, a merge), keeping a copy to undo. */
  replaceWith(draft, message = "") {
    if (!draft) return;
    this.keepForUndo();
    this.apply(draft);
    this.saveReplacing();
    this.update();
    if (message) this.say(typeof message === "function" ? message() : message, "info", true);
  }

  /** Saves the page as the whole draft: what it replaced must not come back through the merge. */
  saveReplacing() {
    try {
      this.base = this.readStored() || emptyDraft(this.outline);
    } catch {
      this.base = emptyDraft(this.outline);
    }
    this.saveNow();
  }

  undo() {
    let before = this.undoDraft;
    if (!before) {
      try {
        before = normalise(JSON.parse(localStorage.getItem(this.undoKey)), this.outline);
      } catch {
        before = null;
      }
    }
    if (!before) {
      this.say("Không còn bản trước để hoàn tác.", "warning");
      return;
    }
    this.undoDraft = null;
    this.apply(normalise(before, this.outline));
    this.saveReplacing();
    this.update();
    this.say("Đã hoàn tác: bản nháp trở lại như trước.");
    this.form.querySelector("[data-action=save-file]").focus();
  }

  // -- files -------------------------------------------------------------------------------------

  saveFile() {
    this.saveNow();
    const draft = this.collect();
    download(new Blob([JSON.stringify(draft, null, 2)], { type: "application/json" }), `${this.form.dataset.fileName}-ban-nhap.json`);
    this.say("Đã lưu bản nháp ra tệp. Mở tệp này bằng nút “Mở bản nháp từ tệp” trên trang này, ở máy nào cũng được.");
  }

  /** A draft from a file chosen by the person: a draft file (.json) or a Word file this page
   * exported (.docx). Throws an Error with the Vietnamese reason; nothing on the page changes. */
  async readFile(file) {
    if (file.size > MAX_FILE) throw new Error(`tệp quá lớn để là một bản nháp (${Math.round(file.size / 1024 / 1024)} MB)`);
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
      const [zip, template] = await this.warmUp().catch(() => { throw new Error("không tải được phần đọc tệp Word (mất kết nối?)"); });
      const { readDocx } = await import("./soan-word.js");
      return readDocx(zip, bytes, new Uint8Array(template), this.sections, this.outline, this.form.dataset.outlineTitle);
    }
    let value;
    try {
      value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    } catch {
      throw new Error("không phải tệp bản nháp của cổng (không đọc được nội dung). Hãy chọn tệp .json đã lưu bằng nút “Lưu bản nháp ra tệp” hoặc tệp Word tải về từ trang này");
    }
    try {
      return normalise(value, this.outline);
    } catch (error) {
      if (error.otherOutline) throw new Error(`là bản nháp theo một đề cương khác (“${error.otherOutline}”); hãy mở nó trên trang soạn báo cáo của đề cương đó`);
      throw error;
    }
  }

  async openFile(input) {
    const file = input.files && input.files[0];
    input.value = "";
    if (!file) return;
    let draft;
    try {
      draft = await this.readFile(file);
    } catch (error) {
      this.say(`Tệp “${file.name}” không mở được: ${error.message}. ${KEEP}`, "error");
      return;
    }
    const opened = `Đã mở bản nháp từ tệp “${file.name}”; bản đang viết trước đó được giữ lại, bấm “Hoàn tác” để trở lại.`;
    const current = this.collect();
    if (!hasContent(current, this.defaults)) {
      this.replaceWith(draft, () => this.note(`Đã mở bản nháp từ tệp “${file.name}”.`));
      return;
    }
    this.pendingOpen = draft;
    this.pendingMessage = opened;
    const dialog = this.form.querySelector("#tdkt-draft-open-dialog");
    dialog.querySelector(".tdkt-draft-dialog-text").textContent =
      `Mở tệp “${file.name}” thay cho bản nháp đang viết trên máy này? Bản đang viết được giữ lại: sau khi mở, bấm “Hoàn tác” để trở lại bản đó.`;
    this.openDialog("#tdkt-draft-open-dialog", input);
  }

  note(text) {
    return text + (this.orphanBox.hidden ? "" : " Đề cương đã thay đổi: nội dung của các mục đã đổi hoặc không còn trong đề cương nằm ở cuối trang.");
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
      const word = import("./soan-word.js");
      this.exportParts = Promise.all([library, template, word]);
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

  /** A DOCX of the draft: the blank template with the draft in its slots. */
  async docxBytes(draft) {
    const [zip, template, word] = await this.warmUp();
    return word.fillTemplate(zip, new Uint8Array(template), draft, this.sections);
  }

  async exportDocx() {
    this.saveNow();
    const draft = this.collect();
    let bytes;
    try {
      bytes = await this.docxBytes(draft);
    } catch (error) {
      this.say(error.offline === false ? `Không tạo được tệp Word: ${error.message}. Bản nháp vẫn được giữ trên máy.` : "Không tải được mẫu Word để xuất (mất kết nối?). Bản nháp vẫn được lưu trên máy; hãy thử lại khi có mạng.", "error");
      return;
    }
    download(new Blob([bytes], { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" }), `${this.form.dataset.fileName}.docx`);
    this.say("Đã tạo tệp Word." + this.warnMissing("docx"), this.emptySections().length ? "warning" : "info");
  }

  async exportMarkdown() {
    this.saveNow();
    const { toMarkdown } = await import("./soan-markdown.js");
    const text = toMarkdown(this.collect(), this.sections, this.form.dataset);
    download(new Blob([text], { type: "text/markdown;charset=utf-8" }), `${this.form.dataset.fileName}.md`);
    this.say("Đã tạo tệp Markdown." + this.warnMissing("md"), this.emptySections().length ? "warning" : "info");
  }
}

/** An answer kept apart: its old label and title, its text and the values of its blanks. */
function orphanOf(anchor, answer, sections, note) {
  const section = sections.find((s) => s.anchor === anchor);
  const values = Object.entries(answer.blanks || {}).map(([i, v]) => {
    const line = section?.lines.find((l) => l.pieces.some((p) => typeof p !== "string" && String(p.index) === i));
    return line ? `${line.pieces.find((p) => typeof p !== "string" && String(p.index) === i).label}: ${v}` : `Chỗ điền ${i}: ${v}`;
  });
  return { id: `cu-${anchor}`, anchor, label: answer.label, title: answer.title, text: [answer.text, ...values].filter((t) => t.trim()).join("\n"), note };
}

export { fillLine };

// Last: the class above is not hoisted.
const draftForm = document.getElementById("tdkt-draft");
if (draftForm) window.tdktDrafting = new Drafting(draftForm);
