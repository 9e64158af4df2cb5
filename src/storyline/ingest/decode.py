"""Bytes to text: BOMs first, then strict UTF-8, then charset detection.

Real archives mix UTF-8, Latin-1, Windows-1252 and UTF-16; guessing wrong silently corrupts
names ("Al Thani" vs mojibake), so detection reports the encoding it chose.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can recognise."""


def looks_binary(data: bytes) -> bool:
    """NUL bytes outside a UTF-16/32 BOM mean a binary file (image, PDF, archive)."""
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\0" in head:
        # UTF-16 without a BOM has NULs on every other byte and is rare in news dumps;
        # a BOM-less file with NULs is treated as binary unless it decodes as UTF-16 text.
        return not _is_bomless_utf16(head)
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and control / len(head) > 0.1


def _is_bomless_utf16(head: bytes) -> bool:
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = head[: len(head) // 2 * 2].decode(enc)
        except UnicodeDecodeError:
            continue
        if text and sum(c.isprintable() or c.isspace() for c in text) / len(text) > 0.95:
            return True
    return False


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few stray bytes (a pasted Latin-1 letter) stays UTF-8: detection
    would otherwise pick a legacy code page and garble every accented letter."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    return text if non_ascii and bad / non_ascii < 0.1 else None


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). Raises DecodeError for binary or undecodable data."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc.replace("-sig", "")
    if looks_binary(data):
        if _is_bomless_utf16(data[:8192]):
            enc = "utf-16-le" if data[1:2] == b"\0" else "utf-16-be"
            return data.decode(enc, errors="replace"), enc
        raise DecodeError("binary content, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly, "utf-8"
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DecodeError("invalid UTF-8 and no other encoding detected")
    return str(best), best.encoding
