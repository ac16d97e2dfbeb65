"""Run `rasd` in a real terminal (tmux) for end-to-end tests: start, type, read the screen, raw output."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


class Tmux:
    """One detached tmux session running `rasd` with RASD_DB set; raw output piped to a file."""

    def __init__(self, db: Path, raw: Path, size: tuple[int, int] = (120, 40), args: str = "",
                 term: str = "xterm-256color") -> None:
        if shutil.which("tmux") is None:
            if os.environ.get("RASD_REQUIRE_TMUX") == "1":     # set by .ci/run: CI must run these
                pytest.fail("tmux is not installed, and RASD_REQUIRE_TMUX=1 says these tests must run")
            pytest.skip("tmux is not installed")
        self.name = f"rasd-test-{uuid.uuid4().hex[:8]}"
        self.raw = raw
        rasd = Path(sys.executable).with_name("rasd")
        command = (f"cd {ROOT} && env -u COLORTERM TERM={term} RASD_DB={db} {rasd} {args}; "
                   "echo RASD-EXITED $?; sleep 30")
        subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-x", str(size[0]), "-y", str(size[1]), command],
                       check=True)
        subprocess.run(["tmux", "pipe-pane", "-o", "-t", self.name, f"cat >> {raw}"], check=True)

    def keys(self, *keys: str, literal: bool = False) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *(["-l"] if literal else []), *keys], check=True)
        time.sleep(0.2)  # a person's pace: a key right after ESC would otherwise arrive as alt+key

    def screen(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name], check=True,
                              capture_output=True, text=True).stdout

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared on screen:\n{self.screen()}")

    def gone(self, text: str, timeout: float = 30.0) -> str:
        """The screen once `text` has left it: after Escape, before the next key, so that a loaded
        machine cannot deliver the two together (ESC + key reads as alt+key)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text not in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} stayed on screen:\n{self.screen()}")

    def settled(self, text: str, timeout: float = 30.0, quiet: float = 0.4) -> str:
        """The screen once `text` is on it and nothing has changed for `quiet` seconds."""
        screen = self.wait_for(text, timeout)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            time.sleep(quiet)
            again = self.screen()
            if again == screen:
                return screen
            screen = again
        raise AssertionError(f"the screen never settled:\n{screen}")

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], check=False, capture_output=True)

