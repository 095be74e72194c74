"""A plain ipywidgets output (not an explorable) still shows its saved state offline.

Builds a one-page book with the course's own configuration and extension, whose
only cell displays a slider, then opens it in Chromium with the outside world
blocked: the vendored widget scripts must render the slider at its saved value.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import ROOT, QuietHandler

PAGE = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
# Plain widget

```{code-cell} ipython3
import ipywidgets as widgets

widgets.IntSlider(value=7, min=0, max=10, description="Plain")
```
"""


@pytest.fixture(scope="module")
def widget_site(tmp_path_factory) -> Path:
    book = tmp_path_factory.mktemp("widget-book")
    for name in ("_config.yml", "references.bib"):
        shutil.copy(ROOT / name, book / name)
    for folder in ("_ext", "assets"):
        shutil.copytree(ROOT / folder, book / folder)
    (book / "_toc.yml").write_text("format: jb-book\nroot: index\n")
    (book / "index.md").write_text(PAGE)
    jb = Path(sys.executable).with_name("jupyter-book")
    proc = subprocess.run(
        [str(jb), "build", str(book), "--builder", "html", "-W", "-n"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    return book / "_build" / "html"


@pytest.mark.browser
def test_plain_widget_renders_its_saved_state_offline(browser, widget_site: Path) -> None:
    assert (widget_site / "_vendor" / "embed-amd.js").exists()
    assert not list((widget_site / "_static").glob("embed-amd*.js"))
    handler = functools.partial(QuietHandler, directory=str(widget_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    blocked, errors = [], []
    page = browser.new_page()
    page.route(
        "**/*",
        lambda r: (
            r.continue_()
            if r.request.url.startswith(base)
            else (blocked.append(r.request.url), r.abort())
        ),
    )
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: r.status >= 400 and errors.append(f"{r.status} {r.url}"))
    try:
        page.goto(f"{base}/index.html")
        page.wait_for_selector(".widget-slider .widget-readout", timeout=20000)
        assert page.inner_text(".widget-slider .widget-readout").strip() == "7"
        assert "Plain" in page.inner_text(".widget-slider")
        assert blocked == [] and errors == []
    finally:
        page.close()
        server.shutdown()
