// Blanks as fields: an input in place of each run of dots in a section's guidance ("đạt….%"),
// named by the words of its line, numeric (inputmode decimal) where the line asks for a number
// or a percentage. The k-th marked run of the section is its blank k, as tdkt/forms/plan.py
// numbers them for the DOCX template; the input's name on the page is "<anchor>.<k>".

/** Inputs in place of the runs of dots of the section's guidance, in text order: the k-th
 * marked run is blank k (tdkt/forms/plan.py numbers them the same way). */
export function makeBlanks(section) {
  const blanks = section.lines.flatMap((line) => line.pieces.filter((p) => typeof p !== "string"));
  if (!blanks.length) return;
  const main = section.el.querySelector(".tdkt-draft-main");
  const runs = [...main.querySelectorAll(".tdkt-fill-in")].filter((span) => !span.closest(".tdkt-draft-answer"));
  const lineOf = new Map();
  section.lines.forEach((line) => line.pieces.forEach((p) => { if (typeof p !== "string") lineOf.set(p.index, line); }));
  const make = (blank) => {
    const input = document.createElement("input");
    input.type = "text";
    input.className = "tdkt-draft-blank";
    input.dataset.blank = `${section.anchor}.${blank.index}`;
    input.dataset.kind = blank.kind;
    input.setAttribute("aria-label", blank.label);
    input.title = blank.label;
    input.placeholder = blank.dots;
    input.autocomplete = "off";
    if (blank.kind !== "text") input.inputMode = "decimal";
    input.size = blank.kind === "text" ? 16 : 6;
    section.blanks.set(blank.index, { input, blank, line: lineOf.get(blank.index) });
    return input;
  };
  if (runs.length === blanks.length) {
    runs.forEach((span, i) => span.replaceWith(make(blanks[i])));
    return;
  }
  // The rendered guidance and the outline's lines disagree (a mark the page shows differently):
  // the blanks go in a list of their own lines under the guidance.
  const list = document.createElement("ul");
  list.className = "tdkt-draft-blank-lines";
  for (const line of section.lines) {
    const item = document.createElement("li");
    for (const piece of line.pieces) item.append(typeof piece === "string" ? document.createTextNode(piece) : make(piece));
    list.append(item);
  }
  main.querySelector(".tdkt-draft-answer").before(list);
}
