"""An HTML preview of a form, styled like the A4 page (see docs/assets/tdkt.css)."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from .plan import MOTTO, NATIONAL_TITLE, FormPlan

_ENV = Environment(
    loader=PackageLoader("tdkt.forms", "templates"),
    autoescape=select_autoescape(["html", "j2"], default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def preview_html(plan: FormPlan) -> Markup:
    html = _ENV.get_template("preview.html.j2").render(plan=plan, national=NATIONAL_TITLE, motto=MOTTO)
    # No blank line inside: Markdown would end the raw HTML block there.
    return Markup("\n".join(line for line in html.splitlines() if line.strip()))
