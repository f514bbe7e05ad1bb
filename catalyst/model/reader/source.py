"""A content file as its author wrote it: bytes, lines and header, with line numbers.

Pelican hands its readers' output to plugins, and by then the evidence is gone:
Python-Markdown's `meta` extension ends the header silently at the first line
that is not `Key: value` (`Tags : a`, `Résumé:`), the rest becomes body text, a
duplicated key becomes a list, and a byte that is not UTF-8 aborts the read
without a line number. So the raw text is read here, line by line, and every
line of the header block (everything before the first blank line) must parse.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

# The patterns of markdown.extensions.meta, which is what Pelican really parses.
META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)")
BEGIN = re.compile(r"^-{3}(\s.*)?$")
END = re.compile(r"^(-{3}|\.{3})(\s.*)?$")
_SPACE_BEFORE_COLON = re.compile(r"^\s*(?P<key>[A-Za-z0-9_-]+)\s+:\s*(?P<value>.*)")
_ANY_KEY = re.compile(r"^\s*(?P<key>[^:\s][^:]{0,40}?)\s*:\s*(?P<value>.*)")
# Unicode's control characters (category Cc) but the tab, and the two non-characters
# that XML refuses: feeds and sitemaps would not be well-formed.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ufffe\uffff]")
MAX_REPORTS = 5  # per file and kind: the sixth invisible character says nothing new


@dataclass(frozen=True)
class Issue:
    """One problem in one file, before it is reported to the collector."""

    line: int | None
    message: str
    fix: str = ""
    severity: str = "erreur"


@dataclass(frozen=True)
class Entry:
    """One `Key: value` line of the header."""

    line: int
    key: str  # as written
    value: str
    continued: tuple[str, ...] = ()  # indented lines that Markdown appends to the value

    @property
    def name(self) -> str:
        return self.key.lower()


@dataclass
class Source:
    path: str
    lines: list[str]
    entries: list[Entry] = field(default_factory=list)
    body_start: int = 1  # 1-based number of the first body line
    issues: list[Issue] = field(default_factory=list)
    undecodable: bool = False  # Pelican cannot even read it

    @property
    def body(self) -> list[str]:
        return self.lines[self.body_start - 1 :]


def read_source(
    path: str, raw: bytes, *, suggest: Callable[[str], str | None] = lambda key: None
) -> Source:
    """Parse the bytes of `path`; `suggest` names the known key closest to a misspelt one."""
    not_text = _not_text(raw)
    if not_text is not None:  # one message says it all: no line of it is worth reading
        return Source(path, [], issues=[not_text], undecodable=True)
    issues: list[Issue] = []
    source = Source(path, _decode(raw, issues))
    source.undecodable = bool(issues)
    source.issues.extend(issues)
    source.issues.extend(_control_characters(source.lines))
    _parse_header(source, suggest)
    return source


def _not_text(raw: bytes) -> Issue | None:
    """A file saved as UTF-16, or one that is not text at all (an image renamed `.md`)."""
    head = raw[:4096]
    utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        head.count(b"\x00") > len(head) // 4
        and (head[1::2].count(0) > len(head) // 3 or head[0::2].count(0) > len(head) // 3)
    )
    if utf16:
        return Issue(
            None,
            "le fichier est enregistré en UTF-16, pas en UTF-8",
            "enregistrez-le en UTF-8 (« Enregistrer sous… », encodage « UTF-8 »)",
        )
    if b"\x00" in head:
        return Issue(
            None,
            "ce fichier n’est pas du texte (une image ou un document renommé en « .md » ?)",
            "remplacez-le par un texte Markdown en UTF-8 ; une image va dans content/images/ "
            "avec sa vraie extension",
        )
    return None


def _decode(raw: bytes, issues: list[Issue]) -> list[str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a BOM: Pelican drops it too
    # Line ends of Windows and old Macs, read as Python (and Pelican) read them.
    raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    lines = []
    bad = 0
    for number, chunk in enumerate(raw.split(b"\n"), start=1):
        chunk = chunk.removesuffix(b"\r")
        try:
            lines.append(chunk.decode("utf-8"))
            continue
        except UnicodeDecodeError as error:
            lines.append(chunk.decode("utf-8", errors="replace"))
            bad += 1
            if bad <= MAX_REPORTS:
                issues.append(_not_utf8(number, chunk, error))
    if bad > MAX_REPORTS:
        issues.append(Issue(None, f"et {bad - MAX_REPORTS} autres lignes qui ne sont pas en UTF-8"))
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _not_utf8(number: int, chunk: bytes, error: UnicodeDecodeError) -> Issue:
    byte = chunk[error.start : error.start + 1]
    guess = byte.decode("cp1252", errors="replace")
    likely = f", sans doute « {guess} » enregistré en Windows-1252" if guess.isprintable() else ""
    return Issue(
        number,
        f"le texte n’est pas en UTF-8 (octet 0x{byte.hex().upper()}{likely})",
        "enregistrez le fichier en UTF-8 (« Enregistrer sous… », encodage UTF-8) "
        "et vérifiez les accents de cette ligne",
    )


def _control_characters(lines: list[str]) -> list[Issue]:
    issues = []
    for number, text in enumerate(lines, start=1):
        found = _CONTROL.search(text)
        if found is None:
            continue
        issues.append(
            Issue(
                number,
                f"caractère de contrôle invisible U+{ord(found[0]):04X} "
                f"(colonne {found.start() + 1})",
                "supprimez-le et retapez le passage : il vient souvent d’un copier-coller "
                "depuis un traitement de texte",
            )
        )  # one per line is enough to find it
        if len(issues) >= MAX_REPORTS:
            break
    return issues


def _parse_header(source: Source, suggest: Callable[[str], str | None]) -> None:
    lines = source.lines
    if not lines or not any(line.strip() for line in lines):
        source.issues.append(Issue(None, "fichier vide", "ajoutez l’en-tête et le texte"))
        source.body_start = len(lines) + 1
        return
    index = 1 if BEGIN.match(lines[0]) else 0
    if not lines[index].strip():
        source.issues.append(
            Issue(
                index + 1,
                "le fichier commence par une ligne vide : l’en-tête n’est pas lu",
                "supprimez la ou les lignes vides du début : « Title: … » doit être la "
                "première ligne",
            )
        )
    entries: list[Entry] = []
    continued: list[list[str]] = []  # each entry's indented lines (a tuple a line: quadratic)
    while index < len(lines):
        text = lines[index]
        if not text.strip() or END.match(text):
            break
        number = index + 1
        index += 1
        match = META.match(text)
        if match:
            entries.append(Entry(number, match["key"], match["value"].strip()))
            continued.append([])
            continue
        more = META_MORE.match(text)
        if more and entries:
            continued[-1].append(more["value"])
            continue
        source.issues.append(_unreadable(number, text, suggest, first=not entries))
    source.entries = [
        Entry(e.line, e.key, e.value, tuple(more)) if more else e
        for e, more in zip(entries, continued, strict=True)
    ]
    source.body_start = index + 2 if index < len(lines) else index + 1


def _unreadable(
    number: int, text: str, suggest: Callable[[str], str | None], *, first: bool
) -> Issue:
    """Why a header line does not parse, and the line as it should be written."""
    stripped = text.strip()
    spaced = _SPACE_BEFORE_COLON.match(text)
    if spaced:
        fixed = f"{spaced['key']}: {spaced['value'].strip()}"
        return Issue(
            number,
            f"ligne d’en-tête illisible « {stripped} » : espace avant les deux-points",
            f"écrivez « {fixed} » (deux-points collés à la clé)",
        )
    keyed = _ANY_KEY.match(text)
    if keyed and not stripped.startswith(("#", "-", "*", "!", "[", "<", ">")):
        key = keyed["key"]
        guess = suggest(key)
        hint = f"vouliez-vous dire « {guess}: » ? " if guess else ""
        return Issue(
            number,
            f"clé d’en-tête illisible « {key} » : une clé s’écrit en anglais, sans accent "
            "ni espace",
            f"{hint}sinon, laissez une ligne vide avant le texte",
        )
    if first:
        return Issue(
            number,
            "le fichier ne commence pas par un en-tête « Clé: valeur »",
            "commencez par « Title: … » (voir les modèles de CONTRIBUTING.md), puis une ligne "
            "vide, puis le texte",
        )
    return Issue(
        number,
        f"ligne sans « : » dans l’en-tête : « {_short(stripped)} »",
        "écrivez « Clé: valeur », ou laissez une ligne vide entre l’en-tête et le texte",
    )


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
