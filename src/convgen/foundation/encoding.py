"""Text files as people save them: UTF-8, perhaps with the byte order mark Windows
editors write, and sometimes Windows-1252 or Latin-1 by mistake — said with the
position of the first byte that is not UTF-8, for every reader of a file (YAML
documents, the project's configuration, a version read from git)."""

from __future__ import annotations

_BOM = b"\xef\xbb\xbf"


class NotUtf8(ValueError):
    """The first byte that is not UTF-8, with its line and column (from 1)."""

    def __init__(self, byte: int, line: int, column: int) -> None:
        super().__init__(byte, line, column)
        self.byte, self.line, self.column = byte, line, column

    def __str__(self) -> str:
        return f"octet {self.byte:#04x} invalide en UTF-8"


def decode_utf8(raw: bytes) -> str:
    """``raw`` as text: a leading UTF-8 byte order mark is dropped (harmless);
    :class:`NotUtf8` says where the text stops being UTF-8."""
    raw = raw.removeprefix(_BOM)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise NotUtf8(raw[exc.start], line, column) from exc
