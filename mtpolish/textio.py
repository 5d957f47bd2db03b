"""Reading files to check and writing fixed ones back, byte for byte faithful.

Accepted: UTF-8 with or without BOM, UTF-16 with BOM. Anything else is an `InputError` naming
the file, the byte offset and the line. Writes are atomic and keep encoding, BOM and mode; line
endings are kept because the text is never normalised.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import InputError

# Larger inputs are refused before being read whole: checking takes seconds per megabyte, and a
# 200 MB log or dump named by mistake would hold a run for hours.
MAX_INPUT_BYTES = 128_000_000
# `stream` reads this many bytes at a time.
STREAM_BLOCK = 1 << 20

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
    digest: bytes  # of the bytes read: a rewrite checks the file still holds them

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.encoding)


def decode(raw: bytes, name: str) -> SourceText:
    bom, encoding = _encoding(raw, name)
    body = raw[len(bom) :]
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as e:
        offset = len(bom) + e.start
        line = raw[:offset].count(b"\n") + 1 if encoding == "utf-8" else None
        raise _undecodable(name, encoding, e, offset, line) from None
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        byte = len(bom) + len(text[:nul].encode(encoding))
        raise _nul(name, byte, line, suspect_utf16=not bom and nul <= 1)
    return SourceText(text, encoding, bom, _digest(raw))


def _encoding(head: bytes, name: str) -> tuple[bytes, str]:
    """The BOM `head` starts with (or none) and the encoding it stands for."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            if encoding is None:
                raise InputError(f"{name}: UTF-32 is not supported; convert the file to UTF-8")
            return bom, encoding
    return b"", "utf-8"


def _undecodable(
    name: str, encoding: str, error: UnicodeDecodeError, offset: int, line: int | None
) -> InputError:
    """`error`, met at byte `offset` of the file (on `line` if known), as the user sees it."""
    where = f", line {line}" if line else ""
    byte = error.object[error.start : error.start + 1].hex()
    return InputError(
        f"{name}: cannot decode as {encoding.upper()} at byte {offset}{where}: "
        f"{error.reason} (byte {byte}); convert the file to UTF-8"
    )


def _nul(name: str, byte: int, line: int, suspect_utf16: bool) -> InputError:
    hint = "UTF-16 without a BOM" if suspect_utf16 else "a binary file"
    return InputError(f"{name}: NUL character at byte {byte}, line {line}; is this {hint}?")


def read(path: Path, name: str | None = None) -> SourceText:
    name = name or str(path)
    with _opened(path, name) as (f, size):
        return decode(read_limited(f, name, size), name)


def stream(path: Path, name: str | None = None, block: int | None = None) -> Iterator[str]:
    """The text of `path` decoded as `read` decodes it, in pieces of about `block` bytes
    (default STREAM_BLOCK), each ending at a line break (failing that, a space) so that no
    word is cut in two.

    For inputs too large to hold twice: the bytes are never held whole. Errors are `read`'s,
    raised when met, so a bad byte late in the file comes after the pieces before it.
    """
    name = name or str(path)
    with _opened(path, name) as (f, size):
        if size > MAX_INPUT_BYTES:
            raise _too_large(name, size)
        block = block or STREAM_BLOCK
        data = f.read(max(block, 4))  # 4: room for any BOM
        seen = len(data)
        bom, encoding = _encoding(data, name)
        decoder = codecs.getincrementaldecoder(encoding)()
        data = data[len(bom) :]
        fed = len(bom)  # bytes given to the decoder so far
        lines = chars = 0  # line feeds and characters decoded so far
        carry = ""  # decoded text after the last cut
        while True:
            final = not data
            done = fed - len(decoder.getstate()[0])  # bytes decoded so far
            try:
                text = decoder.decode(data, final)
            except UnicodeDecodeError as e:  # e.object: the decoder's pending bytes + `data`
                line = lines + e.object[: e.start].count(b"\n") + 1 if encoding == "utf-8" else None
                raise _undecodable(name, encoding, e, done + e.start, line) from None
            nul = text.find("\x00")
            if nul >= 0:
                byte = done + len(text[:nul].encode(encoding))
                line = lines + text.count("\n", 0, nul) + 1
                raise _nul(name, byte, line, suspect_utf16=not bom and chars + nul <= 1)
            fed += len(data)
            lines += text.count("\n")
            chars += len(text)
            carry += text
            if final:
                if carry:
                    yield carry
                return
            cut = carry.rfind("\n") + 1 or carry.rfind(" ") + 1
            if cut:
                yield carry[:cut]
                carry = carry[cut:]
            data = f.read(block)
            seen += len(data)
            if seen > MAX_INPUT_BYTES:  # the file grew since stat
                raise _too_large(name, seen)


@contextmanager
def _opened(path: Path, name: str) -> Iterator[tuple[BinaryIO, int]]:
    """`path` open for reading, and its size; anything but a readable regular file, and any
    read error inside the block, is an `InputError` naming it."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder") from None
    except FileNotFoundError:
        broken = os.path.islink(path)
        raise InputError(
            f"{name}: {'broken symbolic link' if broken else 'no such file'}"
        ) from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as e:
        if os.path.islink(path) and e.errno == 40:  # ELOOP
            raise InputError(f"{name}: symbolic link loop") from None
        raise InputError(f"{name}: cannot read: {e.strerror or e}") from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{name}: is a folder")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{name}: not a regular file (a FIFO, socket or device)")
        os.set_blocking(f.fileno(), True)
        try:
            yield f, info.st_size
        except OSError as e:
            raise InputError(f"{name}: cannot read: {e.strerror or e}") from None


def read_limited(stream, name: str, size: int = 0) -> bytes:  # type: ignore[no-untyped-def]
    """At most MAX_INPUT_BYTES from `stream` (a file of `size` bytes when it was looked at,
    or stdin: 0); more is an `InputError`."""
    if size > MAX_INPUT_BYTES:
        raise _too_large(name, size)
    # A read is sized to the file: one sized to the limit allocates the limit (128 MB, ~15 µs
    # a small file). What follows, if the file grew since, is read up to the limit.
    raw = stream.read(size + 1) if size else b""
    if not size or len(raw) > size:
        raw += stream.read(MAX_INPUT_BYTES + 1 - len(raw))
    if len(raw) > MAX_INPUT_BYTES:
        raise _too_large(name, len(raw))
    return raw


def _too_large(name: str, size: int) -> InputError:
    return InputError(
        f"{name}: too large to check ({size / 1e6:.1f} MB; the limit is "
        f"{MAX_INPUT_BYTES / 1e6:.1f} MB); split it into smaller files"
    )


def write(path: Path, source: SourceText, text: str) -> None:
    """Replace `path` with `text` atomically, in the file's own encoding, BOM and mode.

    Refuses read-only files, and files that changed on disk since they were read (that edit
    would be lost); the second check is made again just before the rename, to keep the window
    small. Through a symlink, the target is rewritten and the link stays a link.
    """
    data = source.encode(text)
    shown = path
    path = Path(os.path.realpath(path))
    try:
        info = path.stat()
        # Checked on the mode bits, not with os.access: root may write anything, yet a file
        # its owner made read-only is not ours to rewrite.
        if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
            raise InputError(f"{shown}: read-only file; not rewritten")
        if _digest(path.read_bytes()) != source.digest:
            raise InputError(f"{shown}: changed on disk while being checked; not rewritten")
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise InputError(f"{shown}: cannot write: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, stat.S_IMODE(info.st_mode))
        if os.geteuid() == 0:  # root rewriting another user's file keeps its owner
            os.chown(tmp, info.st_uid, info.st_gid)
        if _digest(path.read_bytes()) != source.digest:
            raise InputError(f"{shown}: changed on disk while being checked; not rewritten")
        os.replace(tmp, path)
        _fsync_folder(path.parent)
    except BaseException as e:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise InputError(f"{shown}: cannot write: {e.strerror or e}") from None
        raise


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every system can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _digest(data: bytes) -> bytes:
    # A digest, not the bytes: a large input is not kept twice in memory.
    return hashlib.blake2b(data, digest_size=32).digest()
