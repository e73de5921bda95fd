// A section written by several sources (units' files merged back, or another tab that saved the
// same section): the person's own text stays in the answer box, and each other version is listed
// under its source's name, to keep, combine into the box, or drop. The versions live in the draft
// ("conflicts") until resolved, so a reload loses none of them.

import { cleanText } from "./soan-text.js";

export function renderConflicts(drafting, conflicts) {
  drafting.form.querySelectorAll(".tdkt-draft-conflict").forEach((box) => box.remove());
  for (const conflict of conflicts) {
    const section = drafting.byAnchor.get(conflict.anchor);
    const box = document.createElement("div");
    box.className = "tdkt-draft-conflict";
    box.dataset.id = conflict.id;
    box.dataset.anchor = conflict.anchor;
    box.setAttribute("role", "group");
    const name = section ? `${section.label} ${section.title}`.trim() : conflict.anchor;
    box.setAttribute("aria-label", `Các bản khác của mục ${name}`);
    const title = document.createElement("p");
    title.className = "tdkt-draft-conflict-title";
    title.textContent = `Mục này có ${conflict.versions.length} bản từ nơi khác: giữ một bản, gộp vào ô viết hoặc bỏ.`;
    box.append(title);
    conflict.versions.forEach((version, index) => {
      const figure = document.createElement("figure");
      figure.className = "tdkt-draft-version";
      figure.dataset.index = String(index);
      figure.dataset.version = JSON.stringify(version);
      const caption = document.createElement("figcaption");
      caption.textContent = version.source;
      const quote = document.createElement("blockquote");
      quote.textContent = version.text || "(không viết nội dung)";
      figure.append(caption, quote);
      const blanks = Object.entries(version.blanks || {});
      if (blanks.length && section) {
        const list = document.createElement("ul");
        for (const [i, value] of blanks) {
          const item = document.createElement("li");
          item.textContent = `${section.blanks.get(Number(i))?.blank.label || `Chỗ điền ${i}`}: ${value}`;
          list.append(item);
        }
        figure.append(list);
      }
      const who = version.source;
      figure.append(
        drafting.button("conflict-keep", "Giữ bản này", { "aria-label": `Giữ bản của ${who}` }), " ",
        drafting.button("conflict-combine", "Gộp vào ô viết", { "aria-label": `Gộp bản của ${who} vào ô viết` }), " ",
        drafting.button("conflict-drop", "Bỏ bản này", { "aria-label": `Bỏ bản của ${who}` }),
      );
      box.append(figure);
    });
    if (section) section.el.querySelector(".tdkt-draft-answer").append(box);
    else {
      drafting.orphanBox.querySelector(".tdkt-draft-orphan-list").append(box);
      drafting.orphanBox.hidden = false;
    }
  }
}

export function readConflicts(form) {
  return [...form.querySelectorAll(".tdkt-draft-conflict")].map((box) => ({
    id: box.dataset.id,
    anchor: box.dataset.anchor,
    versions: [...box.querySelectorAll("figure.tdkt-draft-version")].map((f) => JSON.parse(f.dataset.version)),
  })).filter((c) => c.versions.length);
}

export function resolveConflict(drafting, button, how) {
  const figure = button.closest("figure");
  const box = figure.closest(".tdkt-draft-conflict");
  const version = JSON.parse(figure.dataset.version);
  const section = drafting.byAnchor.get(box.dataset.anchor);
  if (section && how !== "drop") {
    const answer = section.textarea;
    if (how === "keep") answer.value = cleanText(version.text);
    else answer.value = [answer.value.replace(/\s+$/, ""), cleanText(version.text)].filter((t) => t.trim()).join("\n");
    section.none.checked = false;
    for (const [i, value] of Object.entries(version.blanks || {})) {
      const slot = section.blanks.get(Number(i));
      if (slot && (how === "keep" || !slot.input.value.trim())) slot.input.value = value;
    }
  } else if (!section && how !== "drop") {
    drafting.addOrphan({ anchor: box.dataset.anchor, label: "", title: version.source, text: version.text });
  }
  if (how === "keep") box.querySelectorAll("figure").forEach((f) => f.remove());
  else figure.remove();
  const left = box.querySelectorAll("figure").length;
  if (!left) box.remove();
  else box.querySelector(".tdkt-draft-conflict-title").textContent = `Mục này có ${left} bản từ nơi khác: giữ một bản, gộp vào ô viết hoặc bỏ.`;
  const said = { keep: `Đã giữ bản của ${version.source}.`, combine: `Đã gộp bản của ${version.source} vào ô viết.`, drop: `Đã bỏ bản của ${version.source}.` }[how];
  (section ? section.textarea : drafting.form.querySelector("[data-action=save-file]")).focus();
  drafting.changed();
  drafting.say(said);
}
