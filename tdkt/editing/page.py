"""The editing page's files on the built site: quan-tri/index.html and its configuration.

The page is not a MkDocs page: Decap CMS takes the whole window. It loads only its own scripts
(vendored under docs/assets/vendor/), and asks nothing of any other site; only signing in to
GitHub goes to GitHub (and the OAuth service named at build time).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from html import escape
from pathlib import Path

from ..render.generated import GeneratedAsset
from ..base.repository import web_url
from .cms_config import CmsSettings, RecordChoice, cms_config

PAGE = "quan-tri/index.html"
CONFIG = "quan-tri/cau-hinh.json"
EDITING_URIS = (PAGE, CONFIG)

# Build-time settings (environment): the OAuth service that signs editors in to GitHub from a
# site not hosted on Netlify, and the branch pull requests go to. No secret: the service keeps it.
AUTH_URL = "TDKT_CMS_AUTH_URL"
AUTH_ENDPOINT = "TDKT_CMS_AUTH_ENDPOINT"
BRANCH = "TDKT_CMS_BRANCH"
LOCAL_PORT = "TDKT_CMS_LOCAL_PORT"  # where scripts/edit.sh starts decap-server


def settings(root: Path, environ: dict[str, str] | None = None) -> CmsSettings:
    environ = dict(os.environ) if environ is None else environ
    url = web_url(root) if not environ.get("TDKT_REPO_URL") else environ["TDKT_REPO_URL"].rstrip("/").removesuffix(".git")
    repo = url.removeprefix("https://github.com/") if url and url.startswith("https://github.com/") else ""
    return CmsSettings(
        repo=repo,
        branch=environ.get(BRANCH) or "main",
        auth_url=(environ.get(AUTH_URL) or "").rstrip("/"),
        auth_endpoint=environ.get(AUTH_ENDPOINT) or "auth",
        local_port=int(port) if (port := environ.get(LOCAL_PORT, "")).isdigit() else 8081,
    )


def page_html(title: str = "Biên tập nội dung") -> str:
    return f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{escape(title)} — Cổng tri thức Thi đua – Khen thưởng</title>
<link rel="icon" href="data:,">
<script>window.CMS_MANUAL_INIT = true;</script>
<script src="../assets/vendor/js-yaml/js-yaml.min.js" defer></script>
<script src="../assets/vendor/decap-cms/decap-cms.js" defer></script>
<script src="../assets/quan-tri.js" defer></script>
<style>#tdkt-loading {{ font: 1rem/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; }}</style>
</head>
<body>
<p id="tdkt-loading">Đang tải trang biên tập… <a href="../huong-dan/#dong-gop-noi-dung">Hướng dẫn đóng góp</a></p>
<noscript><p>Trang biên tập cần JavaScript. Có thể sửa tệp trong thư mục <code>data/</code> trực tiếp trên GitHub (xem CONTRIBUTING.md).</p></noscript>
</body>
</html>
"""


def editing_files(root: Path, records: Iterable[RecordChoice], environ: dict[str, str] | None = None) -> list[GeneratedAsset]:
    config = cms_config(settings(root, environ), records)
    text = json.dumps(config, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return [GeneratedAsset(PAGE, page_html().encode()), GeneratedAsset(CONFIG, text.encode())]
