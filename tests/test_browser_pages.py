"""Every built page, opened in Chromium with the outside world blocked, loads cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import site_pages


@pytest.mark.browser
@pytest.mark.parametrize("half", [0, 1], ids=["odd pages", "even pages"])
def test_every_page_loads_without_blocked_requests_or_console_errors(
    open_page, site: Path, half: int
) -> None:
    """Each half of the pages (alternate ones) is a test, so two workers share them."""
    pages = site_pages(site)
    assert "index.html" in pages and "chapters/01-talent-on-the-move.html" in pages
    problems = {}
    for path in pages[half::2]:
        page, watch = open_page(path)
        page.wait_for_load_state("networkidle")
        if watch.blocked or watch.console_errors or watch.failed:
            problems[path] = {
                "blocked": watch.blocked,
                "console": watch.console_errors,
                "failed": watch.failed,
            }
        page.close()
    assert problems == {}
