"""`invoke new`: a new text of any type the content model declares, ready to be written.

Nothing here knows a type: its folder, its fields, their French labels, help and
examples come from catalyst.model. The file gets what a text of its type
needs (its title, today's date, the author from `git config` when there is one,
the values given as options), then the body the type suggests; every other
field is listed with its help in a comment at the end (comments are never
published: plugins.content_reader). An existing file is never overwritten.
In a terminal a missing value is asked for; otherwise the field's example is
written and named as « à compléter »: nothing ever waits for an answer.

A value is one line of visible text: a line break would end the header or add
a key of its own, so a value with a control character is refused, naming its
option. The file's name is the title's slug, cut at a word to SLUG_MAX
characters: the title itself keeps every word.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.settings import DEFAULT_CONFIG

from catalyst.model import ContentModel, ContentType, Field, FieldError, convert, slug_of
from catalyst.model.fields import as_text, fill
from catalyst.model.placement import placement
from catalyst.model.propose import PLACEHOLDER_GROUP

Ask = Callable[[str, str], str]  # (question, suggested answer) → answer
BODY = "Votre texte, en Markdown : un paragraphe, une ligne vide, le paragraphe suivant.\n"
# A file name of at most 255 bytes on every file system, and a whole path under Windows' 260
# characters (content/guestbook/<event>/<name>.md: two slugs); an address one can read.
SLUG_MAX = 80
# Line breaks, NUL and every other control character (the tab too), the line and paragraph
# separators, and the controls that show text in another order than it is written.
_UNSEEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "retour à la ligne", "\r": "retour chariot", "\x00": "caractère nul",
          "\t": "tabulation", "\u2028": "séparateur de ligne"}  # fmt: skip
NBSP, NNBSP = "\u00a0", "\u202f"  # before « : » ; before ; ! ? and inside « »


class NewError(Exception):
    """What stops `invoke new`, in French: the file is not written."""


@dataclass
class NewText:
    rel: str  # path under content/
    text: str
    url: str  # where the preview shows it ("" if it has no page of its own)
    to_complete: list[str] = field(default_factory=list)  # examples written as values


def _slug(text: str) -> str:
    return slug_of(text, DEFAULT_CONFIG)


def short_slug(slug: str, limit: int = SLUG_MAX) -> str:
    """`slug` cut at its last word boundary within `limit` characters (mid-word only if its
    first word is longer)."""
    if len(slug) <= limit:
        return slug
    head = slug[: limit + 1]
    return (head.rsplit("-", 1)[0] if "-" in head else slug[:limit]).strip("-")


def one_line(option: str, value: str) -> str:
    """`value` if it is one line of visible text; else NewError naming `--option`."""
    found = _UNSEEN.search(value)
    if found is None:
        return value
    char = found[0]
    name = f"U+{ord(char):04X}" + (f", {_NAMED[char]}" if char in _NAMED else "")
    raise NewError(
        f"--{option.replace('_', '-')}{NBSP}: caractère de contrôle interdit ({name}) dans la "
        f"valeur{NNBSP}; écrivez-la sur une seule ligne, sans caractère invisible"
    )


def command_word(ctype: ContentType) -> str:
    """The word after `invoke new`: the type's item, without accents (« evenement »)."""
    return _slug(ctype.item_name)


def option_of(spec: Field) -> str:
    """A field's option: the first word of its French label (`--debut`, `--auteur`), or the
    whole label when that word is short (`--a-la-une`)."""
    label = spec.label or spec.name
    first = _slug(label.split()[0])
    return (first if len(first) >= 3 else _slug(label)).replace("-", "_") or spec.name


def options(model: ContentModel) -> dict[str, str]:
    """Every option a type of the model accepts, for the command line, with its help."""
    found: dict[str, str] = {}
    for spec in (f for t in writable(model) for f in _offered(t)):
        said = f"{spec.label} : {spec.help}" if spec.help else spec.label
        found.setdefault(option_of(spec), said)
    return dict(sorted(found.items()))


def run(
    settings_file: Path,
    content: Path,
    word: str,
    title: str,
    given: dict[str, str],
    *,
    ask: Ask | None,
) -> NewText:
    """Prepare and write the new text with this site's settings; raises NewError."""
    from pelican.settings import read_settings

    from catalyst.model import read_model

    settings = read_settings(str(settings_file), override={"PATH": str(content)})
    today = datetime.now(ZoneInfo(settings.get("TIMEZONE") or "Europe/Paris")).date()
    new = prepare(
        read_model(settings),
        settings,
        word,
        title,
        given,
        today=today,
        author=git_author(Path(settings_file).parent),
        ask=ask,
        existing=lambda target: {
            path.stem for folder in target.folders for path in (content / folder).rglob("*.md")
        },
    )
    write(content, new)
    return new


def writable(model: ContentModel) -> list[ContentType]:
    return [t for t in model.types if t.folders]


def find_type(model: ContentModel, word: str) -> ContentType:
    wanted = _slug(word)
    for ctype in writable(model):
        if wanted in (command_word(ctype), _slug(ctype.name)):
            return ctype
    known = ", ".join(command_word(t) for t in writable(model))
    raise NewError(f"type « {word} » inconnu ; les types possibles : {known}")


def prepare(
    model: ContentModel,
    settings: dict,
    word: str,
    title: str,
    given: dict[str, str],
    *,
    today: date,
    author: str | None,
    ask: Ask | None,
    existing: Callable[[ContentType], set[str]] | None = None,
) -> NewText:
    """The new text of type `word`: its path, its lines, its address in the preview.
    `existing`: the file names of a type's items, to refuse a reference to none of them (a
    testimonial's unknown event would make a folder of its own)."""
    for option, value in (("type", word), ("titre", title), *given.items()):
        one_line(option, value or "")
    ctype = find_type(model, word)
    by_option = {option_of(f): f for f in _offered(ctype)}
    for option in given:
        if option not in by_option:
            raise NewError(
                f"l’option --{option.replace('_', '-')} ne s’applique pas à {ctype.described}"
            )
    values = {by_option[o].name: v.strip() for o, v in given.items() if v and v.strip()}
    if title.strip() and ctype.field("title"):
        values["title"] = title.strip()
    new = NewText("", "", "")
    tz = settings.get("TIMEZONE") or "Europe/Paris"
    for spec in _needed(ctype, values):
        if spec.name not in values:
            values[spec.name] = _value(spec, ctype, new, today=today, author=author, ask=ask)
        try:
            convert(spec, values[spec.name], tz=tz)
        except FieldError as error:
            raise NewError(f"--{option_of(spec)} : {error.message} ; {error.fix}") from None
    for spec in ctype.fields:
        target = model.get(spec.collection or "") if spec.type == "ref" else None
        if target is not None and existing is not None and spec.name in values:
            _refer(spec, values[spec.name], target, existing(target))
    status = ctype.field("status")
    if not values and status is not None:  # a header needs a line: the text starts as a draft
        values["status"] = "draft"
        new.to_complete.append(
            f"{status.key}: draft ({status.help}) : retirez la ligne quand le texte est prêt"
        )
    header = [f"{f.key}: {values[f.name]}" for f in ctype.fields if f.name in values]
    new.rel = _path(ctype, values, today, settings)
    new.text = "\n".join(header) + "\n\n" + _body(ctype, values) + _optional(ctype, values)
    new.url = _address(ctype, settings, values, new.rel)
    return new


def _refer(spec: Field, value: str, target: ContentType, known: set[str]) -> None:
    if _slug(value) not in known:
        listed = ", ".join(sorted(known)) or "aucun pour le moment"
        raise NewError(
            f"--{option_of(spec)} : aucun {target.item_name} « {value} » sur le site ; "
            f"ceux qui existent : {listed}"
        )


def write(content: Path, new: NewText) -> Path:
    """Write the file; refuse to replace one (the first file stays as it was)."""
    path = Path(content) / new.rel
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(new.text)
    except FileExistsError:
        raise NewError(
            f"content/{new.rel} existe déjà. Choisissez un autre titre, ou modifiez ce fichier"
        ) from None
    except OSError as error:  # a full disk, a folder without the right to write
        raise NewError(f"content/{new.rel} ne peut pas être écrit ({error.strerror})") from None
    return path


def git_author(root: Path) -> str | None:
    try:
        found = subprocess.run(
            ["git", "config", "user.name"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return found.stdout.strip() or None


def _offered(ctype: ContentType) -> list[Field]:
    return [f for f in ctype.fields if not f.advanced and f.name != "status"]


def _needed(ctype: ContentType, values: dict) -> list[Field]:
    """The fields the file must have: required ones, the first of each `one_of`, those given."""
    firsts = {group[0] for group in ctype.one_of if not any(n in values for n in group)}
    return [f for f in ctype.fields if f.required or f.name in firsts or f.name in values]


def _value(spec: Field, ctype: ContentType, new: NewText, *, today, author, ask) -> str:
    if spec.name == ctype.date_from and spec.type in ("date", "datetime"):
        return today.isoformat()
    if spec.personal and spec.type in ("name", "list") and author:
        return author
    example = spec.example.replace("{group}", PLACEHOLDER_GROUP)
    if ask is not None:
        answer = ask(f"{spec.label} ({spec.help})" if spec.help else spec.label, example)
        if one_line(option_of(spec), answer).strip():
            return answer.strip()
    if not example or spec.name == "title":
        hint = '"Le titre"' if spec.name == "title" else f'--{option_of(spec)} "…"'
        raise NewError(f"il manque « {spec.label} » ({spec.key}) : ajoutez {hint}")
    new.to_complete.append(f"{spec.key} ({spec.label}) : « {example} » est un exemple")
    return example


def _path(ctype: ContentType, values: dict, today: date, settings: dict) -> str:
    place = placement(ctype)
    if place.by == "week":
        year, week, _ = today.isocalendar()
        return f"{place.folder}/{year}-s{week:02d}.md"
    named = " ".join(values.get(name, "") for name in place.named_after)
    slug = short_slug(slug_of(named, settings)) or "sans-titre"
    if place.by == "group":
        return f"{place.folder}/{short_slug(slug_of(values[place.field], settings))}/{slug}.md"
    if place.by == "year":
        return f"{place.folder}/{values[place.field][:4]}/{slug}.md"
    return f"{place.folder}/{slug}.md"


def _body(ctype: ContentType, values: dict) -> str:
    if ctype.propose is None:
        return BODY
    group = next((values[f.name] for f in ctype.fields if f.example == "{group}"), "")
    return ctype.propose.body.format(group=group or PLACEHOLDER_GROUP)


def _optional(ctype: ContentType, values: dict) -> str:
    """The other fields, with their help, in a comment (never published)."""
    lines = []
    for spec in ctype.fields:
        if spec.name in values or spec.advanced:
            continue
        example = spec.example.replace("{group}", PLACEHOLDER_GROUP) or "…"
        said = f"{spec.label} : {spec.help}" if spec.help else spec.label
        lines.append(f"{said}\n{spec.key}: {example}\n")
    if not lines:
        return ""
    intro = (
        "Champs facultatifs (ce bloc n’est jamais publié) : pour en utiliser un, copiez sa "
        "ligne en haut du fichier, avec les autres, et remplacez l’exemple."
    )
    return "\n<!--\n" + intro + "\n\n" + "\n".join(lines) + "-->\n"


def _address(ctype: ContentType, settings: dict, values: dict, rel: str) -> str:
    slug = Path(rel).stem
    if ctype.name == "article":
        when = datetime.fromisoformat(values.get("date", "2000-01-01")[:10])
        return settings.get("ARTICLE_URL", "{slug}.html").format(slug=slug, date=when)
    if ctype.name == "page":
        return settings.get("PAGE_URL", "{slug}.html").format(slug=slug)
    if ctype.routing.get("url"):
        filled = {name: as_text(value) for name, value in values.items()}
        return fill(ctype.routing["url"], {**filled, "slug": slug, **_slugs(ctype, values)})
    return ""


def _slugs(ctype: ContentType, values: dict) -> dict:
    """A reference's value as it appears in an address (the event's slug)."""
    return {
        f.name: _slug(values[f.name]) for f in ctype.fields if f.type == "ref" and f.name in values
    }
