"""Mail text: charsets decoded by what decodes cleanly (RFC 2047 words, 8-bit headers, a
wrong or unknown declared charset), every string made storable (no NUL, no lone
surrogates), long text cut with a note, HTML made readable, and a reply's quoted history
found (``new_text``). Part of :mod:`models.mail`."""

from __future__ import annotations

import base64
import binascii
import codecs
import html as html_lib
import quopri
import re
from html.parser import HTMLParser

_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,75})\?([bBqQ])\?([^?\s]*)\?=")
_EW_GAP = re.compile(r"(=\?[^?\s]{1,75}\?[bBqQ]\?[^?\s]*\?=)\s+(?==\?)")
_SURROGATE = re.compile("[\ud800-\udfff]")
_MULTIBYTE = re.compile(
    r"^(utf_|gb|big5|shift_jis|sjis|cp932|cp949|cp950|euc_|iso2022|hz|johab|ms9)", re.I
)
_NOT_FOR_MAIL = {
    "unicode_escape",
    "raw_unicode_escape",
    "idna",
    "punycode",
    "undefined",
    "mbcs",
    "oem",
    "palmos",
}

# a reply's quoted history (new_text)
_ON_WROTE = re.compile(
    r"^\s*(On|Le|El|Il|Op)\s.{1,400}\s(wrote|a écrit|escribió|ha scritto|"
    r"schreef)\s*:\s*$",
    re.I,
)
_AM_SCHRIEB = re.compile(r"^\s*Am\s.{1,400}\sschrieb\b.{0,400}:\s*$", re.I)
_ORIGINAL = re.compile(
    r"^\s*-{2,}\s*(Original Message|Ursprüngliche Nachricht|"
    r"Forwarded message|Weitergeleitete Nachricht)\s*-{2,}",
    re.I,
)
_OUTLOOK_FROM = re.compile(r"^\s*\*?(From|Von|De)\s*:\*?\s*\S", re.I)
_OUTLOOK_SENT = re.compile(r"^\s*\*?(Sent|Gesendet|Date|Datum|Envoyé)\s*:\*?\s*\S", re.I)
_RULE = re.compile(r"^\s*_{10,}\s*$")


def _storable_text(text: str) -> str:
    """No NUL and no lone surrogates (they cannot be stored or sent)."""
    return _SURROGATE.sub("\ufffd", text.replace("\x00", ""))


def _storable(value: object) -> object:
    """No NUL and no lone surrogates in any string (they cannot be stored or sent)."""
    if isinstance(value, str):
        return _storable_text(value)
    if isinstance(value, dict):
        return {_storable(k): _storable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_storable(v) for v in value]
    return value


def _cut(text: str, limit: int, *, note: bool = True) -> str:
    if len(text) <= limit:
        return text
    if not note:
        return text[: limit - 1] + "…"
    kept = limit - 64
    return f"{text[:kept]}\n[… truncated: {len(text) - kept} characters not shown]"


def _cap_bytes(text: str, limit: int) -> str:
    data = _storable_text(text).encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", "ignore")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _fix_8bit(value: str) -> str:
    """Raw 8-bit header bytes arrive as surrogate escapes: decode them as text."""
    if not _SURROGATE.search(value):
        return value
    return _decode(value.encode("utf-8", "surrogateescape"), None)


def _decode_words(value: str) -> str:
    """RFC 2047 encoded words, each by a charset that decodes it cleanly."""
    if "=?" not in value:
        return value
    value = _EW_GAP.sub(r"\1", value)

    def word(match: re.Match[str]) -> str:
        charset, kind, text = match.group(1), match.group(2).lower(), match.group(3)
        charset = charset.split("*", 1)[0]  # RFC 2231 language
        try:
            if kind == "b":
                data = base64.b64decode(text + "=" * (-len(text) % 4))
            else:
                data = quopri.decodestring(
                    text.replace("_", " ").encode("ascii", "replace"), header=True
                )
        except (binascii.Error, ValueError):
            return match.group(0)
        return _decode(data, charset)

    return _ENCODED_WORD.sub(word, value)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip().strip('"').lower())
    except Exception:  # LookupError, or a name with odd characters
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_FOR_MAIL:
        return None
    return info.name.replace("-", "_")


def _decode(data: bytes, declared: str | None) -> str:
    """Declared charset when it fits; UTF-8 when a single-byte label hides UTF-8; then
    UTF-8, windows-1252, latin-1 (which always decodes)."""
    codec = _codec(declared)
    utf8: str | None
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    if codec and codec.replace("-", "_") == "gb2312":
        codec = "gb18030"  # what is labelled gb2312 is in practice often GBK
    if codec in ("latin_1", "iso8859_1", "ascii"):
        codec = "cp1252"  # what says latin-1 or ascii is in practice windows-1252 (WHATWG)
    if codec is not None:
        single_byte = not _MULTIBYTE.match(codec.replace("-", "_"))
        if utf8 is not None and single_byte and not data.isascii():
            return utf8  # valid multi-byte UTF-8 is next to never real single-byte text
        try:
            return data.decode(codec)
        except Exception:  # UnicodeError, LookupError from odd codecs
            pass
    if utf8 is not None:
        return utf8
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


class _TextOfHtml(HTMLParser):
    BLOCK = {
        "p",
        "br",
        "div",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "table",
        "ul",
        "ol",
        "pre",
        "hr",
        "section",
        "article",
        "header",
        "footer",
    }
    SKIP = {"script", "style", "head", "title", "template", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.out.append("\n- " if tag == "li" else "\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCK:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK and tag != "br":
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(re.sub(r"\s+", " ", data))


def html_to_text(source: str) -> str:
    """Readable text of mail HTML: tags stripped, script/style dropped, line breaks kept
    for blocks, entities unescaped. Never renders anything."""
    source = source[:2_000_000]
    parser = _TextOfHtml()
    try:
        parser.feed(source)
        parser.close()
        text = "".join(parser.out)
    except Exception:  # html.parser on hostile markup: fall back to a plain strip
        text = html_lib.unescape(re.sub(r"<[^>]*>", " ", source))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _new_text(text: str) -> str:
    """The new text of a reply: the quoted thread cut off."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        two = line + " " + lines[i + 1] if i + 1 < len(lines) else line
        if (
            _ON_WROTE.match(line)
            or _AM_SCHRIEB.match(line)
            or _ORIGINAL.match(line)
            or (_ON_WROTE.match(two) and not line.strip().endswith(":"))
            or (
                _OUTLOOK_FROM.match(line)
                and any(_OUTLOOK_SENT.match(x) for x in lines[i + 1 : i + 4])
            )
            or (_RULE.match(line) and any(_OUTLOOK_FROM.match(x) for x in lines[i + 1 : i + 3]))
        ):
            kept = "\n".join(lines[:i]).rstrip()
            return kept or text
    end = len(lines)
    while end and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith(">")):
        end -= 1
    if any(x.lstrip().startswith(">") for x in lines[end:]):
        kept = "\n".join(lines[:end]).rstrip()
        return kept or text
    return text
