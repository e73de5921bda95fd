"""Write a form plan as a plain Markdown file a clerk can open in any editor."""

from __future__ import annotations

from .plan import LAYOUT_NOTE, MOTTO, NATIONAL_TITLE, FormPlan


def write_markdown(plan: FormPlan) -> bytes:
    lines = [
        f"<!-- Mẫu báo cáo ({plan.variant}) theo đề cương: {plan.title}. {LAYOUT_NOTE}. -->",
        "",
        f"{plan.superior}  ",
        f"**{plan.issuer}**  ",
        plan.number,
        "",
        f"**{NATIONAL_TITLE}**  ",
        f"**{MOTTO}**  ",
        f"*{plan.place_date}*",
        "",
        f"# {plan.doc_type}",
        "",
        f"**{plan.summary}**",
        "",
        f"Kính gửi: {plan.recipient}",
        "",
    ]
    for block in plan.blocks:
        if block.kind == "part":
            lines += [f"## {block.label}: {block.text.upper()}", ""]
        elif block.kind == "heading":
            lines += [f"{'#' * min(block.level + 1, 6)} {block.label} {block.text}".rstrip(), ""]
        elif block.kind == "item":
            lines += [f"- {block.text}", ""]
        elif block.kind in {"guidance", "note"}:
            lines += [f"*{block.text}*", ""]
        elif block.kind == "fill":
            lines += [block.text, ""]
        else:
            lines += [block.text, ""]
    lines += ["**Nơi nhận:**", ""]
    lines += [f"- {recipient}" for recipient in plan.recipients]
    lines += ["", f"**{plan.signer.title}**  ", f"*{plan.signer.note}*", "", "", f"**{plan.signer.name}**", ""]
    if plan.attachments:
        lines += ["---", "", "## BIỂU ĐÍNH KÈM", ""]
        for text in plan.attachments:
            lines += [f"**{text}**", "", "*(Lập biểu số liệu theo mẫu của cơ quan gửi đề cương.)*", ""]
    return "\n".join(lines).encode("utf-8")
