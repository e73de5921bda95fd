// "Tổng hợp": the reports of the units below, totalled into one (loaded when the control is opened).
//
// The clerk opens the draft files (.json) and the Word files exported from this page (.docx) of
// several units, for this outline. Per section, each unit's text under the unit's name (the agency
// field of its heading); per blank, each unit's value with the total (counts) or the simple mean
// (percentages). Exports: a Word report in the template's NĐ 30 layout (the page's own filling),
// and the blanks by unit as a spreadsheet. Nothing leaves the device.

import { cleanText, download, paragraphs, readNumber, unitFilesPicker, writeNumber } from "./soan-text.js";

const MEAN = "trung bình cộng";

export function mount(drafting, region) {
  const state = { units: [] };
  const heading = document.createElement("h2");
  heading.tabIndex = -1;
  heading.textContent = "Tổng hợp báo cáo của các đơn vị";
  const intro = document.createElement("p");
  intro.textContent = "Mở các tệp bản nháp (.json) hoặc tệp Word tải về từ trang này (.docx) mà các đơn vị gửi lên, theo cùng đề cương. Trang xếp nội dung của từng đơn vị dưới tên đơn vị trong mỗi mục, cộng số liệu (tổng) hoặc tính trung bình cộng cho tỷ lệ phần trăm. Mọi việc làm trên máy này, không gửi đi đâu.";
  const { label: pick, input } = unitFilesPicker("Mở tệp của các đơn vị", "synthesis-files");
  const toWord = button("Tải về Word bản tổng hợp", "md-button md-button--primary");
  const toSheet = button("Tải về bảng số liệu (.xlsx)", "md-button");
  const clear = button("Bỏ các tệp đã mở", "md-button");
  const status = document.createElement("p");
  status.className = "tdkt-draft-synthesis-status";
  status.setAttribute("role", "status");
  const result = document.createElement("div");
  result.className = "tdkt-draft-synthesis-result";
  const actions = document.createElement("p");
  actions.className = "tdkt-draft-actions";
  actions.append(pick, " ", toWord, " ", toSheet, " ", clear);
  region.append(heading, intro, actions, status, result);

  const refresh = () => {
    const summary = synthesise(state.units, drafting.sections);
    render(result, summary, drafting.sections);
    toWord.disabled = toSheet.disabled = clear.disabled = !state.units.length;
    status.textContent = state.units.length
      ? `Đã mở ${state.units.length} báo cáo: ${state.units.map((u) => u.name).join(", ")}.`
      : "Chưa mở tệp nào.";
    return summary;
  };
  input.addEventListener("change", async () => {
    const files = [...input.files];
    input.value = "";
    const refused = [];
    for (const file of files) {
      try {
        const draft = await drafting.readFile(file);
        state.units.push({ name: uniqueName(state.units, unitName(draft, file.name)), draft });
      } catch (error) {
        refused.push(`“${file.name}”: ${error.message}`);
      }
    }
    refresh();
    if (refused.length) drafting.say(`Không đưa vào tổng hợp: ${refused.join("; ")}. Bản nháp đang có được giữ nguyên.`, "error");
    else drafting.say(`Đã đưa ${files.length} tệp vào tổng hợp.`);
  });
  toWord.addEventListener("click", async () => {
    const summary = synthesise(state.units, drafting.sections);
    try {
      const bytes = await drafting.docxBytes(asDraft(summary, drafting));
      download(new Blob([bytes], { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" }), `${drafting.form.dataset.fileName}-tong-hop.docx`);
      drafting.say(`Đã tạo tệp Word tổng hợp ${state.units.length} báo cáo. Phần đầu và phần cuối lấy từ bản nháp của bạn trên trang này.`);
    } catch (error) {
      drafting.say(`Không tạo được tệp Word tổng hợp: ${error.message}.`, "error");
    }
  });
  toSheet.addEventListener("click", async () => {
    const summary = synthesise(state.units, drafting.sections);
    try {
      const [zip] = await drafting.warmUp();
      const { xlsx } = await import("./soan-bang-tinh.js");
      const bytes = xlsx(zip, sheetRows(summary, state.units), "Số liệu tổng hợp", [40, 50, ...state.units.map(() => 18), 16, 22]);
      download(new Blob([bytes], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }), `${drafting.form.dataset.fileName}-so-lieu.xlsx`);
      drafting.say("Đã tạo bảng số liệu theo đơn vị (.xlsx).");
    } catch (error) {
      drafting.say(`Không tạo được bảng số liệu: ${error.message}.`, "error");
    }
  });
  clear.addEventListener("click", () => {
    state.units = [];
    refresh();
    pick.focus();
  });
  refresh();
}

function button(text, className) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = className;
  b.textContent = text;
  return b;
}

function unitName(draft, fileName) {
  return cleanText(draft.fields?.co_quan).trim() || cleanText(draft.assignment?.unit).trim() || fileName.replace(/\.[^.]+$/, "");
}

function uniqueName(units, name) {
  let candidate = name;
  for (let n = 2; units.some((u) => u.name === candidate); n++) candidate = `${name} (${n})`;
  return candidate;
}

/** Per section (outline order): the units' texts, and per blank the values with their total (a
 * count) or simple mean (a percentage). A value that is not a number is shown and not counted. */
export function synthesise(units, sections) {
  return sections.map((section) => {
    const texts = units
      .map((u) => ({ unit: u.name, answer: u.draft.sections[section.anchor] }))
      .filter((t) => t.answer && (t.answer.none || paragraphs(t.answer.text).length))
      .map((t) => ({ unit: t.unit, text: t.answer.none ? "" : t.answer.text, none: t.answer.none }));
    const blanks = section.lines.flatMap((line) => line.pieces.filter((p) => typeof p !== "string")).map((blank) => {
      const values = units.map((u) => {
        const value = cleanText(u.draft.sections[section.anchor]?.blanks?.[blank.index]).trim();
        return { unit: u.name, value, number: value ? readNumber(value) : NaN };
      }).filter((v) => v.value);
      const numbers = values.map((v) => v.number).filter((n) => !Number.isNaN(n));
      let aggregate = null;
      let how = "";
      if (blank.kind === "percent" && numbers.length) {
        aggregate = numbers.reduce((a, b) => a + b, 0) / numbers.length;
        how = `${MEAN} của ${numbers.length} đơn vị`;
      } else if (blank.kind === "number" && numbers.length) {
        aggregate = numbers.reduce((a, b) => a + b, 0);
        how = `tổng cộng của ${numbers.length} đơn vị`;
      }
      return { blank, values, aggregate, how };
    });
    return { section, texts, blanks };
  });
}

function render(root, summary, sections) {
  root.replaceChildren();
  const shown = summary.filter((s) => s.texts.length || s.blanks.some((b) => b.values.length));
  if (!shown.length) return;
  for (const { section, texts, blanks } of shown) {
    const box = document.createElement("section");
    box.className = "tdkt-draft-synthesis-section";
    box.dataset.anchor = section.anchor;
    const title = document.createElement("h3");
    title.textContent = `${section.label} ${section.title}`.trim();
    box.append(title);
    for (const t of texts) {
      const unit = document.createElement("div");
      unit.className = "tdkt-draft-synthesis-unit";
      const name = document.createElement("p");
      name.className = "tdkt-draft-synthesis-name";
      name.textContent = t.unit;
      unit.append(name);
      for (const line of t.none ? ["Không có nội dung."] : paragraphs(t.text)) {
        const p = document.createElement("p");
        p.textContent = line.replace(/[\u000B\u000C]/g, " ");
        unit.append(p);
      }
      box.append(unit);
    }
    for (const b of blanks) {
      if (!b.values.length) continue;
      const table = document.createElement("table");
      table.className = "tdkt-draft-synthesis-table";
      const caption = document.createElement("caption");
      caption.textContent = b.blank.label;
      const head = document.createElement("tr");
      for (const text of ["Đơn vị", "Số liệu"]) {
        const th = document.createElement("th");
        th.scope = "col";
        th.textContent = text;
        head.append(th);
      }
      const thead = document.createElement("thead");
      thead.append(head);
      const body = document.createElement("tbody");
      for (const v of b.values) {
        const row = document.createElement("tr");
        const who = document.createElement("th");
        who.scope = "row";
        who.textContent = v.unit;
        const value = document.createElement("td");
        value.textContent = v.value + (b.blank.kind !== "text" && Number.isNaN(v.number) ? " (không phải số, không tính)" : "");
        row.append(who, value);
        body.append(row);
      }
      table.append(caption, thead, body);
      if (b.aggregate !== null) {
        const foot = document.createElement("tfoot");
        const row = document.createElement("tr");
        const label = document.createElement("th");
        label.scope = "row";
        label.textContent = `${b.blank.kind === "percent" ? "Trung bình cộng" : "Tổng cộng"} của ${b.values.filter((v) => !Number.isNaN(v.number)).length} đơn vị`;
        const value = document.createElement("td");
        value.textContent = writeNumber(b.aggregate) + (b.blank.kind === "percent" ? "%" : "");
        row.append(label, value);
        foot.append(row);
        table.append(foot);
      }
      const wrap = document.createElement("div");
      wrap.className = "tdkt-draft-synthesis-wrap";
      wrap.append(table);
      box.append(wrap);
      if (b.blank.kind === "percent" && b.aggregate !== null) {
        const note = document.createElement("p");
        note.className = "tdkt-draft-synthesis-note";
        note.textContent = "Trung bình cộng đơn giản: cộng tỷ lệ của các đơn vị rồi chia cho số đơn vị, không tính theo quy mô từng đơn vị.";
        box.append(note);
      }
    }
    root.append(box);
  }
}

/** The synthesis as a draft to fill the template with: the clerk's heading and closing fields,
 * each section's units' texts under their names, totals or means in place of the blanks. */
export function asDraft(summary, drafting) {
  const own = drafting.collect();
  const draft = { ...own, sections: {}, added: [], orphans: [], conflicts: [] };
  for (const { section, texts, blanks } of summary) {
    const written = texts.filter((t) => !t.none);
    const values = {};
    for (const b of blanks) {
      if (b.aggregate !== null) values[b.blank.index] = writeNumber(b.aggregate);
      else if (b.values.length) values[b.blank.index] = b.values.map((v) => `${v.unit}: ${v.value}`).join("; ");
    }
    if (!texts.length && !Object.keys(values).length) continue;
    const counted = blanks.filter((b) => b.aggregate !== null);
    const kinds = new Set(counted.map((b) => b.blank.kind));
    const footnote = counted.length
      ? `(Số liệu tổng hợp từ báo cáo của ${Math.max(...counted.map((b) => b.values.length))} đơn vị: ${[
        kinds.has("number") ? "số lượng là tổng cộng" : "", kinds.has("percent") ? "tỷ lệ phần trăm là trung bình cộng của các đơn vị" : "",
      ].filter(Boolean).join("; ")}.)`
      : "";
    draft.sections[section.anchor] = {
      footnote,
      label: section.label,
      title: section.title,
      text: "",
      none: texts.length > 0 && !written.length && !Object.keys(values).length,
      units: written.map((t) => ({ name: t.unit, text: t.text })),
      blanks: values,
    };
  }
  return draft;
}

/** The blanks by unit: a row per blank, a column per unit, then the total or mean. */
export function sheetRows(summary, units) {
  const rows = [["Mục", "Chỗ điền", ...units.map((u) => u.name), "Tổng hợp", "Cách tính"]];
  for (const { section, blanks } of summary) {
    for (const b of blanks) {
      const byUnit = new Map(b.values.map((v) => [v.unit, v]));
      rows.push([
        `${section.label} ${section.title}`.trim(),
        b.blank.label,
        ...units.map((u) => {
          const v = byUnit.get(u.name);
          if (!v) return null;
          return b.blank.kind !== "text" && !Number.isNaN(v.number) ? v.number : v.value;
        }),
        b.aggregate === null ? null : Math.round(b.aggregate * 100) / 100,
        b.aggregate === null ? "" : b.blank.kind === "percent" ? "Trung bình cộng (trung bình đơn giản các đơn vị)" : "Tổng cộng",
      ]);
    }
  }
  return rows;
}
