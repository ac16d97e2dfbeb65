"""`rasd serve` end to end: the server on a temporary store, a real headless Chromium opening the
page, the app drawn in it (the screenshot is kept under the test's tmp_path and its path printed)."""
from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from tui_support import copy_store, sample_store_file

BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--hide-scrollbars", "--window-size=1280,800", "--remote-allow-origins=*"]
PAGE_BACKGROUND = (0x0C, 0x18, 0x1F)   # textual-serve's page, before the app draws anything


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    pytest.skip("no Chromium here (.ci/run installs Debian's chromium package)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_page(url: str, server: subprocess.Popen, timeout: float = 90.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"rasd serve exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                assert answer.status == 200
                return answer.read().decode("utf-8")
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} never answered")


async def screenshot_when_drawn(browser: str, profile: Path, url: str, shot: Path, timeout: float = 120.0) -> str:
    """Open `url` in headless Chromium and, over the DevTools protocol, wait until textual.js has
    written the app's first bytes into the page's terminal (it marks the body "-first-byte"), then
    until two screenshots a second apart are the same (the app has finished drawing); save it.
    Returns the body's classes."""
    import base64

    import aiohttp

    port = free_port()
    proc = subprocess.Popen([browser, *BROWSER_FLAGS, f"--user-data-dir={profile}", f"--remote-debugging-port={port}",
                             url], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    try:
        async with aiohttp.ClientSession() as http:
            target = None
            while target is None:
                assert time.monotonic() < deadline, "Chromium's DevTools never answered"
                try:
                    async with http.get(f"http://127.0.0.1:{port}/json") as answer:
                        target = next((t for t in await answer.json() if t.get("type") == "page"), None)
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.5)
            async with http.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                ids = iter(range(1, 1_000_000))

                async def call(method: str, **params):
                    n = next(ids)
                    await ws.send_json({"id": n, "method": method, "params": params})
                    while True:
                        msg = await ws.receive_json()
                        if msg.get("id") == n:
                            return msg.get("result", {})

                async def body() -> str:
                    found = await call("Runtime.evaluate", expression="document.body ? document.body.className : ''")
                    return found.get("result", {}).get("value", "")

                while "-first-byte" not in (classes := await body()):
                    assert time.monotonic() < deadline, f"the app never drew into the page (body: {classes!r})"
                    await asyncio.sleep(0.5)
                last = b""
                while True:
                    await asyncio.sleep(1.0)
                    png = base64.b64decode((await call("Page.captureScreenshot", format="png"))["data"])
                    if png == last or time.monotonic() > deadline:
                        break
                    last = png
                shot.write_bytes(png)
                return classes
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_serve_draws_the_app_in_a_browser(tmp_path_factory, tmp_path: Path):
    from PIL import Image

    browser = chromium()
    db = copy_store(sample_store_file(tmp_path_factory.mktemp("sample")), tmp_path)
    port = free_port()
    rasd = Path(sys.executable).with_name("rasd")
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([str(rasd), "--db", str(db), "serve", "--port", str(port)], stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}/"
    try:
        page = wait_for_page(url, server)
        assert "textual.js" in page and "rasd" in page
        shot = tmp_path / "rasd-serve.png"
        classes = asyncio.run(screenshot_when_drawn(browser, tmp_path / "profile", url, shot))
        assert "-closed" not in classes          # the app's session was still alive when the picture was taken
        print(f"browser screenshot: {shot}")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    assert "(read-only)" in (tmp_path / "serve.log").read_text()
    image = Image.open(shot).convert("RGB")
    width, height = image.size
    colours = Counter(image.get_flattened_data())
    assert len(colours) > 50, "a blank page, not the app"          # text, borders, the timeline's rows
    # the app fills the page: its own background and the headline bar, not textual-serve's page colour
    assert colours[PAGE_BACKGROUND] < 0.5 * width * height
    header = Counter(image.getpixel((x, 5)) for x in range(0, width, 4))
    bar, share = header.most_common(1)[0]
    assert bar != PAGE_BACKGROUND and share > 0.6 * len(range(0, width, 4)), header.most_common(3)
