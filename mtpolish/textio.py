"""Reading files to check and writing fixed ones back, byte for byte faithful.

Accepted: UTF-8 with or without BOM, UTF-16 with BOM. Anything else is an `InputError` naming
the file, the byte offset and the line. Writes are atomic and keep encoding, BOM and mode; line
endings are kept because the text is never normalised.
"""

from __future__ import annotations

import codecs
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, None),  # checked before UTF-16 LE, whose BOM it starts with
    (codecs.BOM_UTF32_BE, None),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class SourceText:
    """A decoded file and what is needed to write it back the way it was."""

    text: str
    encoding: str
    bom: bytes
    raw: bytes

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.encoding)


def decode(raw: bytes, name: str) -> SourceText:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            if encoding is None:
                raise InputError(f"{name}: UTF-32 is not supported; convert the file to UTF-8")
            break
    else:
        bom, encoding = b"", "utf-8"
    body = raw[len(bom) :]
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as e:
        offset = len(bom) + e.start
        line = raw[:offset].count(b"\n") + 1 if encoding == "utf-8" else None
        where = f", line {line}" if line else ""
        raise InputError(
            f"{name}: cannot decode as {encoding.upper()} at byte {offset}{where}: "
            f"{e.reason} (byte {raw[offset : offset + 1].hex()}); convert the file to UTF-8"
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise InputError(f"{name}: NUL character at line {line}; is this a binary file?")
    return SourceText(text, encoding, bom, raw)


def read(path: Path, name: str | None = None) -> SourceText:
    name = name or str(path)
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder") from None
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as e:
        raise InputError(f"{name}: cannot read: {e.strerror or e}") from None
    return decode(raw, name)


def write(path: Path, source: SourceText, text: str) -> None:
    """Replace `path` with `text` atomically, in the file's own encoding, BOM and mode.

    Refuses if the file changed on disk since it was read: that edit would be lost.
    """
    data = source.encode(text)
    path = Path(os.path.realpath(path))  # through a symlink, rewrite its target, keep the link
    try:
        if path.read_bytes() != source.raw:
            raise InputError(f"{path}: changed on disk while being checked; not rewritten")
        mode = path.stat().st_mode & 0o7777
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise InputError(f"{path}: cannot write: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as e:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise InputError(f"{path}: cannot write: {e.strerror or e}") from None
        raise
