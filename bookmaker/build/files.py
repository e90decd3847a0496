"""Output files: safe ASCII stems and atomic writes (never a half-written file)."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from bookmaker.errors import OutputError
from bookmaker.patterns import regex

__all__ = ["slugify", "file_stem", "write_atomic", "plain_folder"]

_SYLLABIC = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "YI ", "THAI", "LAO")
"""Scripts whose characters transliterate to a syllable each: kept apart in a name
("夜の桜" → "ye-no-ying", not "yenoying")."""


_APOSTROPHES = regex("['\u2018\u2019\u02bc`]")
"""Apostrophes inside words: dropped, as the accents are."""


def _ascii(text: str) -> str:
    """``text`` in ASCII: Latin letters lose their accents, other scripts are transliterated
    (anyascii: Cyrillic, Greek, CJK, Arabic… to Latin letters), so a name stays readable."""
    if text.isascii():
        return text
    from anyascii import anyascii

    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii():
            out.append(ch)
            continue
        latin = anyascii(ch)
        syllabic = unicodedata.name(ch, "").startswith(_SYLLABIC)
        out.append(f" {latin} " if syllabic else latin)
    return "".join(out)


def file_stem(path: str | Path) -> str | None:
    """The output stem a story file's own name gives (``My_Story.txt`` → ``my-story``);
    ``None`` when the name has nothing to keep."""
    stem = slugify(Path(path).stem, fallback="").strip("-")
    return stem or None


def slugify(title: str, fallback: str = "book") -> str:
    """A safe ASCII file name stem made from a title (other scripts transliterated)."""
    text = _ascii(_APOSTROPHES.sub("", title))  # "Don't" is "dont", not "don-t"
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:80].strip("-")
    if not text or text.upper() in {"CON", "PRN", "AUX", "NUL"} | {
        f"{d}{i}" for d in ("COM", "LPT") for i in range(10)
    }:
        text = f"{fallback}-{text}" if text else fallback
    return text


def _link_anonymous(fd: int, target: Path) -> None:
    """Give the ``O_TMPFILE`` file behind ``fd`` the name ``target``."""
    root = os.open("/", os.O_RDONLY)
    try:  # src_dir_fd makes os.link use linkat(), which follows the /proc link
        os.link(f"/proc/self/fd/{fd}", target, src_dir_fd=root, follow_symlinks=True)
    finally:
        os.close(root)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers never see a partial file.

    The bytes go to an anonymous file (``O_TMPFILE``) that vanishes if the process
    is killed, and are linked and renamed into place only once complete; where the
    filesystem has no ``O_TMPFILE`` a hidden ``.part`` file is used instead.

    :raises OutputError: when the folder is not writable or the disk is full.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder: {exc.strerror or exc}",
                          path=path.parent) from None
    tmp = path.parent / f".{path.name}.{os.getpid()}.part"
    fd = -1
    try:
        try:
            fd = os.open(path.parent, os.O_TMPFILE | os.O_WRONLY, 0o644)
            anonymous = True
        except (AttributeError, OSError):
            fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            anonymous = False
        with os.fdopen(fd, "wb") as fh:
            fd = -1
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            if anonymous:
                _link_anonymous(fh.fileno(), tmp)
        os.replace(tmp, path)
    except OSError as exc:
        if fd >= 0:
            os.close(fd)
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=path,
                          hint="check the folder's permissions and free space") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def plain_folder(folder: Path, hint: str = "") -> None:
    """Make ``folder`` (and its parents); a link or a file in its place is refused, never
    written through (a shared output folder could point it anywhere).

    :raises OutputError: when it cannot be made or is not a plain folder.
    """
    try:
        if not folder.is_symlink():
            folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder: {exc.strerror or exc}",
                          path=folder) from None
    if folder.is_symlink() or not folder.is_dir():
        raise OutputError(f"{folder.name} is not a plain folder (a link or a file)",
                          path=folder, hint=hint)
