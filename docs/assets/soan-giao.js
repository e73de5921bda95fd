// Sharing sections out to units and merging their files back (the "Giao mục cho đơn vị" panel of
// the drafting page). Loaded when the panel is first opened.
//
// The clerk picks sections and saves a file for a unit: a draft of the same outline with an
// "assignment" (the unit, the sections) and the current text of those sections. The unit opens it
// on the drafting page of its own device, writes, saves it to a file and sends it back. The clerk
// opens one or several returned files: per section, an answer only one source wrote goes in
// directly; a section written by two sources (or differently from the clerk's own text) keeps the
// clerk's text and lists each other version under its unit's name, to keep, combine or drop.
// The whole merge can be undone.

import { cleanText, download, newId, unitFilesPicker } from "./soan-text.js";
import { emptyDraft } from "./soan-store.js";

let serial = 0;

export function mount(drafting, region) {
  const n = ++serial;
  const heading = document.createElement("h2");
  heading.id = `tdkt-giao-${n}`;
  heading.tabIndex = -1;
  heading.textContent = "Giao mục cho đơn vị và gộp bản đơn vị gửi về";
  const intro = document.createElement("p");
  intro.textContent = "Chọn các mục giao cho một đơn vị rồi lưu tệp gửi đơn vị đó. Đơn vị mở tệp trên trang này ở máy của mình, viết, bấm “Lưu bản nháp ra tệp” và gửi lại. Khi nhận về, bấm “Gộp bản đơn vị gửi về” (chọn được nhiều tệp một lúc).";

  const unitWrap = document.createElement("p");
  const unitLabel = document.createElement("label");
  unitLabel.htmlFor = `tdkt-giao-don-vi-${n}`;
  unitLabel.textContent = "Tên đơn vị được giao";
  const unit = document.createElement("input");
  unit.type = "text";
  unit.id = unitLabel.htmlFor;
  unit.placeholder = "Ví dụ: UBND xã An Vĩnh";
  unitWrap.append(unitLabel, unit);

  const choose = document.createElement("fieldset");
  choose.className = "tdkt-draft-pick";
  const legend = document.createElement("legend");
  legend.textContent = "Các mục giao (chọn một mục là chọn cả các mục con của nó)";
  choose.append(legend);
  const boxes = drafting.sections.map((s) => {
    const label = document.createElement("label");
    label.className = "tdkt-draft-pick-item";
    label.style.setProperty("--depth", String(s.depth));
    const box = document.createElement("input");
    box.type = "checkbox";
    box.value = s.anchor;
    label.append(box, ` ${`${s.label} ${s.title}`.trim()}`);
    choose.append(label);
    return box;
  });
  choose.addEventListener("change", (event) => {
    const index = boxes.indexOf(event.target);
    if (index < 0) return;
    const depth = drafting.sections[index].depth;
    for (let i = index + 1; i < boxes.length && drafting.sections[i].depth > depth; i++) boxes[i].checked = event.target.checked;
  });

  const save = document.createElement("button");
  save.type = "button";
  save.className = "md-button md-button--primary";
  save.textContent = "Lưu tệp giao cho đơn vị";
  save.addEventListener("click", () => {
    const picked = boxes.filter((b) => b.checked).map((b) => b.value);
    const name = cleanText(unit.value).trim();
    if (!name) {
      drafting.say("Hãy ghi tên đơn vị được giao trước khi lưu tệp.", "warning");
      unit.focus();
      return;
    }
    if (!picked.length) {
      drafting.say("Hãy chọn ít nhất một mục để giao.", "warning");
      boxes[0].focus();
      return;
    }
    download(new Blob([JSON.stringify(shareOut(drafting, name, picked), null, 2)], { type: "application/json" }), `${drafting.form.dataset.fileName}-giao-${slug(name)}.json`);
    drafting.say(`Đã lưu tệp giao ${picked.length} mục cho ${name}. Gửi tệp này cho đơn vị; đơn vị mở nó bằng nút “Mở bản nháp từ tệp” trên trang này.`);
  });

  const { label: mergeLabel, input: files } = unitFilesPicker("Gộp bản đơn vị gửi về", "merge-files");
  files.addEventListener("change", async () => {
    const chosen = [...files.files];
    files.value = "";
    await mergeFiles(drafting, chosen);
  });

  const actions = document.createElement("p");
  actions.className = "tdkt-draft-actions";
  actions.append(save, " ", mergeLabel);
  region.append(heading, intro, unitWrap, choose, actions);
}

function slug(name) {
  return cleanText(name).normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/gi, "d").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "don-vi";
}

/** The file for a unit: the picked sections with what the clerk wrote in them so far. */
export function shareOut(drafting, unit, picked) {
  const current = drafting.collect();
  const draft = { ...emptyDraft(drafting.outline), outlineTitle: current.outlineTitle, savedAt: new Date().toISOString() };
  draft.fields = { kinh_gui: cleanText(current.fields.co_quan).trim() ? `${cleanText(current.fields.co_quan).trim()}.` : current.fields.kinh_gui || "", co_quan: unit };
  for (const anchor of picked) if (current.sections[anchor]) draft.sections[anchor] = current.sections[anchor];
  draft.assignment = { unit, from: cleanText(current.fields.co_quan).trim(), sections: picked };
  return draft;
}

/** The returned files merged into the clerk's draft, per section; undoable as a whole. */
export async function mergeFiles(drafting, chosen) {
  if (!chosen.length) return;
  const sources = [];
  const refused = [];
  for (const file of chosen) {
    try {
      const draft = await drafting.readFile(file);
      sources.push({ name: sourceName(draft, file.name), draft });
    } catch (error) {
      refused.push(`“${file.name}”: ${error.message}`);
    }
  }
  if (!sources.length) {
    drafting.say(`Không gộp được: ${refused.join("; ")}. Bản nháp đang có được giữ nguyên.`, "error");
    return;
  }
  const { draft, report } = merge(drafting.collect(), sources);
  drafting.replaceWith(draft);
  const parts = [`Đã gộp ${sources.length} tệp (${sources.map((s) => s.name).join(", ")}): ${report.taken} mục được điền vào`];
  if (report.conflicts) parts.push(`${report.conflicts} mục có nhiều bản, đang chờ bạn chọn ngay dưới ô viết của mục`);
  if (refused.length) parts.push(`không mở được ${refused.join("; ")}`);
  drafting.say(`${parts.join("; ")}. Bấm “Hoàn tác” để trở lại bản trước khi gộp.`, refused.length || report.conflicts ? "warning" : "info", true);
  const first = drafting.form.querySelector(".tdkt-draft-conflict button");
  if (first) first.closest(".tdkt-draft-section")?.scrollIntoView({ block: "center" });
}

function sourceName(draft, fileName) {
  return cleanText(draft.fields?.co_quan).trim() || cleanText(draft.assignment?.unit).trim() || fileName;
}

/** Per section: the clerk's text stays; each source whose text differs either fills an empty
 * section (when it is the only one) or becomes a version of the section's conflict. Blanks the
 * clerk left empty take the only value given; differing values go with the versions. */
export function merge(mine, sources) {
  const draft = structuredClone(mine);
  const report = { taken: 0, conflicts: 0 };
  const anchors = new Set(sources.flatMap((s) => Object.keys(s.draft.sections)));
  for (const anchor of anchors) {
    const own = draft.sections[anchor] || { label: "", title: "", text: "", none: false, blanks: {} };
    const offers = sources
      .map((s) => ({ source: s.name, answer: s.draft.sections[anchor] }))
      .filter((o) => o.answer && (o.answer.text.trim() || o.answer.none || Object.keys(o.answer.blanks).length))
      .filter((o) => o.answer.text.trim() !== own.text.trim() || JSON.stringify(o.answer.blanks) !== JSON.stringify(own.blanks) || o.answer.none !== own.none);
    if (!offers.length) continue;
    const ownEmpty = !own.text.trim() && !own.none && !Object.keys(own.blanks).length;
    const label = own.label || offers[0].answer.label;
    const title = own.title || offers[0].answer.title;
    if (ownEmpty && offers.length === 1) {
      draft.sections[anchor] = { ...offers[0].answer, label, title };
      report.taken += 1;
      continue;
    }
    const textOffers = offers.filter((o) => o.answer.text.trim() && o.answer.text.trim() !== own.text.trim());
    const blanks = { ...own.blanks };
    const blankClash = new Set();
    for (const o of offers) {
      for (const [i, v] of Object.entries(o.answer.blanks)) {
        if (!blanks[i]) blanks[i] = v;
        else if (blanks[i] !== v) blankClash.add(o.source);
      }
    }
    draft.sections[anchor] = { ...own, label, title, blanks };
    const versions = offers
      .filter((o) => textOffers.includes(o) || blankClash.has(o.source) || (o.answer.none && !own.none))
      .map((o) => ({ source: o.source, text: o.answer.none ? "Không có nội dung." : o.answer.text, blanks: o.answer.blanks }));
    if (versions.length) {
      draft.conflicts.push({ id: newId(), anchor, versions });
      report.conflicts += 1;
    } else report.taken += 1;
  }
  for (const source of sources) {
    for (const item of source.draft.added) {
      if (!draft.added.some((a) => a.id === item.id)) draft.added.push({ ...item, title: item.title || `Mục thêm của ${source.name}` });
    }
    for (const item of source.draft.orphans) {
      if (!draft.orphans.some((a) => a.id === item.id)) draft.orphans.push({ ...item, note: `Từ ${source.name}. ${item.note || ""}`.trim() });
    }
  }
  return { draft, report };
}
