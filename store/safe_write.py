"""Writing an export file safely: the one way rasd writes a file the person named.

* only a new path or an existing regular file (through a symlink too) is written; a device, FIFO,
  directory or socket is refused, so `-o /dev/sda` or a symlink to stdout stays what it was;
* an existing file is replaced only when asked (`force`: `--force`, or the browser's question),
  and keeps its permission bits;
* the data goes to a hidden file beside the target, renamed into place when complete: a failure
  (full disk, Ctrl-C) never leaves a half-written file under the requested name;
* every failure is an OutputError in one line (missing directory, directory, permission, full disk).

`spreadsheet_safe` neutralises CSV cells a spreadsheet would run as formulas (OWASP: a leading
`'` before = + - @ TAB CR).
"""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from store.errors import OutputError

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_KINDS = {stat.S_IFDIR: "a directory", stat.S_IFCHR: "a device", stat.S_IFBLK: "a device",
          stat.S_IFIFO: "a FIFO", stat.S_IFSOCK: "a socket"}


def spreadsheet_safe(row: list) -> list:
    """The cells of a CSV row, text that would start a formula prefixed with a single quote."""
    return ["'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v for v in row]


def _why(path: Path, e: OSError) -> OutputError:
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError(f"disk full: cannot write {path}; nothing was written")
    return OutputError(f"cannot write {path}: {e.strerror or e}")


def target_of(path: Path, force: bool) -> tuple[Path, int | None]:
    """The regular file to replace (symlinks followed) and its permission bits, or the new path and
    None; OutputError for anything rasd must not write to."""
    if not str(path) or path == Path("."):
        raise OutputError("no output file given")
    target = Path(os.path.realpath(path))
    try:
        st = target.stat()
    except FileNotFoundError:
        if not target.parent.is_dir():
            raise OutputError(f"cannot write {path}: directory {target.parent} does not exist") from None
        return target, None
    except OSError as e:
        raise _why(path, e) from None
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(f"{path} is {_KINDS.get(stat.S_IFMT(st.st_mode), 'not a regular file')}; "
                          "export writes only regular files")
    if not force:
        raise OutputError(f"{path} exists; use --force to overwrite it")
    return target, stat.S_IMODE(st.st_mode)


@contextmanager
def open_output(path: Path, binary: bool = False, force: bool = False, encoding: str = "utf-8") -> Iterator[IO]:
    """A file handle whose contents replace `path` when the block ends without an error."""
    target, mode = target_of(path, force)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666 if mode is None else 0o600)
        if mode is not None:
            os.fchmod(fd, mode)
        with open(fd, "wb" if binary else "w", encoding=None if binary else encoding,
                  newline=None if binary else "") as fh:
            yield fh
        os.replace(tmp, target)
    except OSError as e:
        raise _why(path, e) from None
    finally:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
