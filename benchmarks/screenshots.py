#!/usr/bin/env python3
"""Look at report.html in a real browser: headless Chromium (Debian's ``chromium``) at a
desktop width (1280 px) and a phone width (390 px).

For each width it writes screenshots of the top of the page, the first domain chapter, the
shortfall table, the scorecard and the data appendix, and measures the layout: the page's
height and width (a page wider than the screen scrolls sideways as a whole), the narrowest
table cell with text in it (in em of its type), how many tables sit in their scrolling box
and which of them scroll, the type sizes.  Prints the measurements as JSON.

    .venv/bin/python benchmarks/screenshots.py [build/2025/report.html] [--out DIR]

Chromium is driven through its DevTools protocol over a pipe (``--remote-debugging-pipe``:
JSON messages ended by a NUL byte on file descriptors 3 and 4), which needs no library; the
few commands used are ``Emulation.setDeviceMetricsOverride``, ``Page.navigate``,
``Runtime.evaluate`` and ``Page.captureScreenshot``.  (Playwright would do the same with a
60 MB driver and its own browser download; the command line's ``--screenshot`` alone cannot
scroll to a chapter or measure a cell.)
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
WIDTHS = {"desktop": 1280, "phone": 390}
#: the browsers looked for on PATH, in order (scripts/bootstrap.sh installs Debian's chromium)
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
HEIGHT = 1800  # the viewport's height, that of each screenshot

#: what is measured on the page (run in the page, after it has loaded)
MEASURE = r"""
(() => {
  const cells = [...document.querySelectorAll('table td, table th')]
    .filter(c => c.textContent.trim().length >= 2 && c.getClientRects().length);
  let narrow = null;  // the cell narrowest for its type size (in em: 1 is a letter a line)
  for (const c of cells) {
    const w = c.getBoundingClientRect().width;
    const em = w / parseFloat(getComputedStyle(c).fontSize);
    if (!narrow || em < narrow.em)
      narrow = {em: Math.round(em * 100) / 100, width: w,
                text: c.textContent.trim().slice(0, 40), table: c.closest('table').className};
  }
  const tables = [...document.querySelectorAll('table')];
  const at = sel => { const e = document.querySelector(sel);
                      return e ? e.getBoundingClientRect().top + window.scrollY : null; };
  return {
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
    viewport: window.innerWidth,
    tables: tables.length,
    wrapped: tables.filter(t => t.parentElement.classList.contains('table-scroll')).length,
    scrolling: [...document.querySelectorAll('.table-scroll')]
      .filter(b => b.scrollWidth > b.clientWidth + 1)
      .map(b => `${b.firstElementChild.className} ${b.scrollWidth}/${b.clientWidth}`),
    cells: cells.length,
    narrowest_cell: narrow,
    images: document.images.length,
    broken_images: [...document.images].filter(i => !i.complete || !i.naturalWidth).length,
    nav_visible: [...document.querySelectorAll('.screen-nav, .to-contents')]
      .filter(e => getComputedStyle(e).display !== 'none').map(e => e.className),
    body_font_px: parseFloat(getComputedStyle(document.querySelector('.prose p.zh')
                                              || document.body).fontSize),
    table_font_px: Math.min(...[...document.querySelectorAll('table.grid td')]
      .map(c => parseFloat(getComputedStyle(c).fontSize))),
    at: {top: 0, domain: at('section.domain h1'), table: at('table.short-overview'),
         scorecard: at('table.scorecard'), data: at('table.data-appendix')},
  };
})()
"""


class Chromium:
    """One headless Chromium, one page, spoken to over the DevTools pipe."""

    def __init__(self, binary: str | None = None) -> None:
        exe = binary or next(filter(None, map(shutil.which, BROWSERS)), None)
        if not exe:
            raise FileNotFoundError(
                f"none of {', '.join(BROWSERS)} on PATH (Debian: apt-get install chromium)"
            )
        self._profile = tempfile.mkdtemp(prefix="hc-chromium-")
        to_browser, self._write = os.pipe()
        self._read, from_browser = os.pipe()
        args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--no-first-run", "--disable-extensions", "--mute-audio",
                f"--user-data-dir={self._profile}", "--remote-debugging-pipe",
                "about:blank"]  # fmt: skip
        devnull = os.open(os.devnull, os.O_RDWR)
        self.pid = os.posix_spawn(exe, args, os.environ, file_actions=[
            (os.POSIX_SPAWN_DUP2, to_browser, 3), (os.POSIX_SPAWN_DUP2, from_browser, 4),
            (os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, devnull, 1),
            (os.POSIX_SPAWN_DUP2, devnull, 2)])  # fmt: skip
        for fd in (to_browser, from_browser, devnull):
            os.close(fd)
        self._buf = b""
        self._id = 0
        self.session = ""
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t["targetId"] for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=page, flatten=True)["sessionId"]
        self.call("Page.enable")

    def _message(self) -> dict[str, Any]:
        while b"\0" not in self._buf:
            chunk = os.read(self._read, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)  # type: ignore[no-any-return]

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command and return its result (events that arrive meanwhile are kept
        in ``self.events``)."""
        self._id += 1
        msg: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if self.session:
            msg["sessionId"] = self.session
        os.write(self._write, json.dumps(msg).encode() + b"\0")
        while True:
            reply = self._message()
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})  # type: ignore[no-any-return]
            if reply.get("method") == "Page.loadEventFired":
                self._loaded = True

    def open(self, url: str, width: int, height: int = 900, timeout: float = 60.0) -> None:
        """Load ``url`` in a viewport ``width`` px wide (a phone's below 600 px)."""
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=width < 600)  # fmt: skip
        self._loaded = False
        self.call("Page.navigate", url=url)
        end = time.monotonic() + timeout
        while not self._loaded:
            if time.monotonic() > end:
                raise TimeoutError(f"{url} did not load in {timeout:.0f} s")
            msg = self._message()
            if msg.get("method") == "Page.loadEventFired":
                self._loaded = True
        # fonts and the layout settle after the load event
        self.evaluate("document.fonts.ready.then(() => true)")

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True)  # fmt: skip
        if "exceptionDetails" in result:
            raise RuntimeError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path, y: float) -> Path:
        """A PNG of the viewport scrolled to ``y`` (fixed elements where a reader sees them)."""
        self.evaluate(f"window.scrollTo(0, {y:.0f}); new Promise(r => setTimeout(r, 50, true))")
        shot = self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, OSError):
            self.call("Browser.close")
        for fd in (self._write, self._read):
            os.close(fd)
        os.waitpid(self.pid, 0)
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def look(page: Path, out: Path, widths: dict[str, int] = WIDTHS) -> dict[str, Any]:
    """Screenshots of ``page`` at each width into ``out``; the measurements per width."""
    out.mkdir(parents=True, exist_ok=True)
    found: dict[str, Any] = {}
    with Chromium() as browser:
        for name, width in widths.items():
            t0 = time.perf_counter()
            browser.open(page.resolve().as_uri(), width, HEIGHT)
            m = browser.evaluate(MEASURE)
            m["load_seconds"] = round(time.perf_counter() - t0, 2)
            m["screenshots"] = {}
            for part, y in m["at"].items():
                if y is None:
                    continue
                shot = browser.screenshot(out / f"{name}-{part}.png", y)
                m["screenshots"][part] = str(shot)
            found[name] = m
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("page", type=Path, nargs="?", default=ROOT / "build" / "2025" / "report.html")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "screenshots")
    args = ap.parse_args()
    found = look(args.page, args.out)
    print(json.dumps(found, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
