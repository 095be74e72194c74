"""Shared fixtures and helpers: a loopback server for the site, Chromium, the journeys,
and PATH with the environment's scripts for tests that make an nbgrader gradebook.

The site every test reads is the one `make book` built on a clean clone, in the
newcomer's journey (see `journey_fixtures.py`).
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

pytest_plugins = ["journey_fixtures"]

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def venv_path() -> str:
    """PATH with this environment's scripts first: nbgrader runs `alembic` by name when
    it creates a gradebook, as a test's own Gradebook does."""
    return os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])


def site_pages(site: Path) -> list[str]:
    """Every page a reader can reach (theme template fragments in _static are not pages)."""
    return sorted(
        str(p.relative_to(site)) for p in site.rglob("*.html") if "_static" not in p.parts
    )


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@dataclass
class PageWatch:
    """What a page did that it should not: requests leaving loopback, console errors."""

    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(
            "Debian's Chromium is missing at /usr/bin/chromium: `make test` installs it "
            "(apt-get install chromium); browser tests never skip"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def open_page(browser, site_url: str):
    """Open a site page with every non-loopback request blocked and recorded.

    `before` gets the page before it loads, for what must hold from the first paint
    (a colour scheme, a viewport size, reduced motion).
    """
    context = browser.new_context()
    local = urlparse(site_url).netloc

    def factory(path: str, before: Callable[[Any], None] | None = None):
        page = context.new_page()
        watch = PageWatch()
        if before is not None:
            before(page)

        def route(route_obj) -> None:
            url = route_obj.request.url
            if urlparse(url).netloc == local:
                route_obj.continue_()
            else:
                watch.blocked.append(url)
                route_obj.abort()

        page.route("**/*", route)
        page.on("console", lambda m: m.type == "error" and watch.console_errors.append(m.text))
        page.on("pageerror", lambda e: watch.console_errors.append(str(e)))
        page.on("requestfailed", lambda r: watch.failed.append(r.url))
        page.goto(f"{site_url}/{path}", wait_until="load")
        return page, watch

    yield factory
    context.close()
