"""Raw HTML in bodies, summaries and header values: an allow-list, refused with a reason.

Pelican passes raw HTML and Markdown link targets straight to the pages, and
the theme prints titles and names unescaped. Stripping what is unsafe would
hide from a volunteer that their embed was not published, so nothing is
stripped: the build fails and says what, where and why.

Two readings of the same HTML: Python's `html.parser` walks it and explains
each refusal (tag, attribute, address); nh3 (ammonia, a browser-grade parser)
sanitizes it with the same allow-list, and if it removes anything the walk
found acceptable (a parser trick), the HTML is refused as well.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import nh3


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


BODY_TAGS = _names(
    "a abbr b blockquote br caption cite code col colgroup dd del details dfn div dl dt em "
    "figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p picture pre q s samp small "
    "source span strong sub summary sup table tbody td tfoot th thead time tr u ul var"
)
TITLE_TAGS = _names("abbr b code em i q small span strong sub sup")
NO_TAGS: frozenset[str] = frozenset()
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "role"})
ATTRIBUTES = {
    "a": {"href", "hreflang", "rel"},
    "img": {"src", "alt", "width", "height", "loading", "srcset", "sizes", "decoding"},
    "source": {"srcset", "sizes", "type", "media", "width", "height"},  # in a <picture>
    "td": {"colspan", "rowspan", "style"},  # tables: Markdown writes text-align as style
    "th": {"colspan", "rowspan", "style", "scope"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
}
URL_ATTRIBUTES = frozenset({"href", "src", "cite", "srcset", "poster", "action", "formaction"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
STYLE_PROPERTIES = frozenset({"text-align"})
EMBED_TAGS = frozenset({"iframe", "object", "embed", "video", "audio", "frame"})
VIDEO_FIX = (
    "pour une vidéo, écrivez sur une ligne seule « !vidéo[Titre de la vidéo](https://…) » : "
    "le site publie un lien, sans rien charger depuis l’hébergeur"
)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


@dataclass(frozen=True)
class Violation:
    message: str
    fix: str
    needle: str  # a regex that finds the offending text in the source
    severity: str = "erreur"


def check_html(
    html: str,
    *,
    tags: frozenset[str] = BODY_TAGS,
    raw: bool = True,
    site: str = "",
    judged: frozenset[str] = frozenset(),
) -> list[Violation]:
    """What the allow-list refuses in `html`.

    `raw=False` says the HTML is Markdown's own output, with no HTML typed by
    the author: then both parsers read it alike, and the second reading is
    skipped (it costs as much as the first). Images from `site` (the site's
    own address) are not another site's; `judged` are the addresses of images
    whose empty description the reader has judged (decorative, or reported at
    its line).
    """
    if "<" not in html:
        return []
    walk = _Walk.of(html)
    found = [
        v
        for element in walk.elements
        for v in _element(*element, tags=tags, site=site, judged=judged)
    ]
    if not found and raw and _filter_changes(html, walk, tags):
        found.append(
            Violation(
                "HTML refusé par le filtre de sécurité (balises mal formées ou imbriquées)",
                "écrivez ce passage en Markdown, sans HTML",
                r"<",
            )
        )
    return found


def _element(
    tag: str,
    attributes: list[tuple[str, str | None]],
    *,
    tags: frozenset[str],
    site: str = "",
    judged: frozenset[str] = frozenset(),
) -> list[Violation]:
    if tag not in tags:
        return [_tag(tag, tags)]
    found = []
    allowed = GLOBAL_ATTRIBUTES | ATTRIBUTES.get(tag, set())
    names = {name for name, _ in attributes}
    for name, value in attributes:
        if name.startswith("aria-"):
            continue
        refused_style = name == "style" and not _text_align_only(value or "")
        if name not in allowed or refused_style:
            found.append(_attribute(tag, name))
        elif name in URL_ATTRIBUTES and value and not (site and value.startswith(site + "/")):
            found += _address(tag, name, value)
    source = dict(attributes).get("src") or ""
    described = "alt" in names and ("alt", "") not in attributes
    if tag == "img" and not (described or source in judged):
        found.append(
            Violation(
                *no_description(source.rsplit("/", 1)[-1]),
                re.escape(source) if source else r"!\[\]|<img",
                severity="avertissement",
            )
        )
    return found


def no_description(name: str) -> tuple[str, str]:
    """The message and fix for an image described by nothing."""
    return (
        f"image sans texte alternatif (« {name} »)",
        "décrivez l’image entre les crochets : ![Ce que montre l’image](…), pour les personnes "
        "qui ne la voient pas (ou ![décorative](…) si elle n’apporte rien)",
    )


def _tag(tag: str, allowed: frozenset[str]) -> Violation:
    needle = rf"<\s*{re.escape(tag)}\b"
    if allowed is NO_TAGS:
        return Violation(
            f"balise HTML « <{tag}> » dans l’en-tête", "l’en-tête n’accepte que du texte", needle
        )
    if tag == "script":
        why, fix = "le site ne publie aucun script", "retirez-la"
    elif tag in EMBED_TAGS:
        why, fix = "un contenu intégré charge un site tiers à chaque visite", VIDEO_FIX
    elif tag in ("style", "link", "meta", "base"):
        why, fix = "la mise en forme vient du thème du site", "retirez-la"
    elif tag in ("form", "input", "button", "textarea", "select"):
        why, fix = "le site ne publie pas de formulaire", "mettez plutôt un lien vers le formulaire"
    elif allowed is TITLE_TAGS:
        why, fix = "un titre n’accepte que « <em> », « <strong> », « <code> »…", "retirez-la"
    else:
        why, fix = "elle n’est pas dans la liste autorisée", "écrivez ce passage en Markdown"
    return Violation(f"balise « <{tag}> » refusée : {why}", fix, needle)


def _attribute(tag: str, name: str) -> Violation:
    needle = rf"\b{re.escape(name)}\s*="
    if name.startswith("on"):
        return Violation(
            f"attribut « {name} » refusé sur « <{tag}> » : il exécute du code", "retirez-le", needle
        )
    if name == "style":
        return Violation(
            f"attribut « style » refusé sur « <{tag}> »",
            "retirez-le : la mise en forme vient du thème du site",
            needle,
        )
    return Violation(f"attribut « {name} » non autorisé sur « <{tag}> »", "retirez-le", needle)


def _address(tag: str, name: str, value: str) -> list[Violation]:
    url = _INVISIBLE.sub("", value).lower()  # as a browser reads it: "java\tscript:" runs
    scheme = _SCHEME.match(url)
    if scheme and scheme[1] not in URL_SCHEMES:
        needle = r"\s*".join(re.escape(c) for c in scheme[1]) + r"\s*:"
        if scheme[1] == "javascript":
            return [
                Violation(
                    "lien « javascript: » refusé : il exécute du code",
                    "mettez une adresse https://…",
                    needle,
                )
            ]
        if scheme[1] == "data":
            return [
                Violation(
                    "adresse « data: » refusée (fichier collé dans le texte)",
                    "enregistrez le fichier dans content/images/ et liez-le avec "
                    "{static}/images/nom-du-fichier.jpg",
                    needle,
                )
            ]
        return [
            Violation(
                f"adresse « {scheme[1]}: » non autorisée",
                "utilisez une adresse https://, mailto: ou tel:",
                needle,
            )
        ]
    host = urlsplit(url).hostname if url.startswith(("http:", "https:", "//")) else None
    if host and name in ("src", "srcset", "poster"):
        return [
            Violation(
                f"image chargée depuis un autre site (« {host} ») : chaque visite lui serait "
                "signalée",
                "téléchargez-la (avec l’accord de son auteur) dans content/images/ et liez-la avec "
                "![Description]({static}/images/nom-du-fichier.jpg)",
                re.escape(value),
            )
        ]
    return []


def _text_align_only(style: str) -> bool:
    declarations = [d for d in style.split(";") if d.strip()]
    return all(d.split(":", 1)[0].strip().lower() in STYLE_PROPERTIES for d in declarations)


def _filter_changes(html: str, walk: _Walk, tags: frozenset[str]) -> bool:
    """Whether nh3 removes an element or some text that the walk accepted."""
    cleaned = _Walk.of(nh3.clean(html, **policy(tags)))
    lost = Counter(e[0] for e in walk.elements) - Counter(e[0] for e in cleaned.elements)
    return bool(lost) or walk.text_signature() != cleaned.text_signature()


def policy(tags: frozenset[str]) -> dict[str, Any]:
    """nh3.clean's arguments for this allow-list."""
    attributes = {tag: set(names) for tag, names in ATTRIBUTES.items() if tag in tags}
    attributes["*"] = set(GLOBAL_ATTRIBUTES)
    return {
        "tags": set(tags),
        "attributes": attributes,
        "url_schemes": set(URL_SCHEMES),
        "link_rel": None,
        "generic_attribute_prefixes": {"aria-"},
        "filter_style_properties": set(STYLE_PROPERTIES),
    }


class _Walk(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self._raw = 0  # inside script/style: not text a reader sees

    @classmethod
    def of(cls, html: str) -> _Walk:
        walk = cls()
        walk.feed(html)
        walk.close()
        return walk

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))
        self._raw += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._raw -= tag in ("script", "style") and self._raw > 0

    def handle_data(self, data: str) -> None:
        if not self._raw:
            self.text.append(data)

    def text_signature(self) -> str:
        """The text a reader sees, whitespace aside (parsers differ on where it goes)."""
        return "".join("".join(self.text).split())
