"""Timing self-checks in Chromium for `make bench`: from pressing Check to feedback laid out.

The budget is one frame (16 ms). The time is taken inside the page, around a
click on Check and a layout of the feedback region, so it covers judging the
answer, writing it to the store and updating the page, not the driver's own
round trips. The tests check behaviour; this is only for the benchmark.
"""

from __future__ import annotations

import statistics
from pathlib import Path

from explorable_driver import served_browser

#: Runs in the page: give each check some answer, then time Check until feedback is laid out.
_TIME_CHECKS = """() => [...document.querySelectorAll('.cb-selfcheck')].map((root) => {
  const first = root.querySelector('fieldset input');
  if (first && first.type === 'text') first.value = '0';
  else if (first) first.checked = true;
  document.body.getBoundingClientRect(); // settle the page's own pending layout first
  const started = performance.now();
  root.querySelector('.cb-sc-check').click();
  root.querySelector('.cb-sc-feedback').getBoundingClientRect();
  return performance.now() - started;
})"""


def check_times_ms(site: Path) -> list[float]:
    """Milliseconds each self-check on the chapter pages took to answer, one per check."""
    times: list[float] = []
    with served_browser(site) as (browser, url):
        page = browser.new_page()
        for chapter in sorted((site / "chapters").glob("*.html")):
            page.goto(f"{url}/chapters/{chapter.name}", wait_until="load")
            times += page.evaluate(_TIME_CHECKS)
    return times


def summary(times: list[float]) -> str:
    return f"median {statistics.median(times):5.2f} ms, slowest {max(times):5.2f} ms"
