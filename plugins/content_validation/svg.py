"""An SVG drawing is published only if it can neither run a script nor load another file.

A drawing under content/ is copied to the site byte for byte and opened from
the site's own address, where the web editor (/admin/) keeps a maintainer's
token: a `<script>`, an `onload`, HTML inside `<foreignObject>` or a
`javascript:` link would run there, and a link to another file would show
what nobody reviewed. So a drawing must keep to a safe subset: the drawing
elements of ELEMENTS (and the private data of drawing programs, which
browsers ignore), no event attribute, every link (`href`, `xlink:href`,
`url(…)`) to a part of the drawing (`#id`) or to an embedded raster image
(`data:image/png|jpeg|webp|gif`), style sheets that load nothing, no
`<?xml-stylesheet?>`.

Read with the standard library's expat, which never fetches a DTD: a DOCTYPE
that declares anything (entities, hence the billion laughs and external
files) is refused as soon as it opens, before any of it is used. A bare
`<!DOCTYPE svg PUBLIC …>`, which many programs still write, declares nothing
and is accepted.

Refused, never cleaned: a cleaned drawing would be another drawing than the
one the volunteer made and looked at, published without a word. The first
reason is said, at its line, with the fix; what is published is byte for byte
what was checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.parsers import expat

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
ELEMENTS = frozenset((
    "svg", "g", "defs", "symbol", "use", "switch", "title", "desc", "metadata", "view", "style",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "image", "a", "text",
    "tspan", "textPath", "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask",
    "marker", "meshgradient", "meshrow", "meshpatch", "hatch", "hatchpath", "filter", "feBlend",
    "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix", "feDiffuseLighting",
    "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB",
    "feFuncG", "feFuncR", "feGaussianBlur", "feImage", "feMerge", "feMergeNode", "feMorphology",
    "feOffset", "fePointLight", "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
    "animate", "animateMotion", "animateTransform", "set", "mpath",
))  # fmt: skip
ANIMATIONS = frozenset({"animate", "animateMotion", "animateTransform", "set"})
EDITORS = frozenset({  # drawing programs' own data: elements and attributes browsers ignore
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://creativecommons.org/ns#", "http://web.resource.org/cc/",
    "http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/",
    "http://ns.adobe.com/AdobeIllustrator/10.0/", "http://ns.adobe.com/Extensibility/1.0/",
    "http://ns.adobe.com/Flows/1.0/", "http://ns.adobe.com/Graphs/1.0/",
    "http://ns.adobe.com/ImageReplacement/1.0/", "http://ns.adobe.com/SaveForWeb/1.0/",
    "http://ns.adobe.com/Variables/1.0/", "http://ns.adobe.com/AdobeSVGViewerExtensions/3.0/",
    "http://ns.adobe.com/xap/1.0/", "http://www.bohemiancoding.com/sketch/ns",
    "http://www.serif.com/",
})  # fmt: skip
EMBEDDED = re.compile(r"data:image/(?:png|jpeg|webp|gif)(?:;[^,]*)?,", re.IGNORECASE)
URL = re.compile(r"url\(\s*(?:\"([^\"]*)\"|'([^']*)'|([^)\"'\s]*))\s*\)", re.IGNORECASE)
LOADERS = re.compile(  # CSS that loads or runs something without `url(`
    r"@import|(?<![\w-])(?:-webkit-)?image(?:-set)?\(|cross-fade\(|element\(|expression\(|"
    r"-moz-binding|(?<![\w-])behavior\s*:",
    re.IGNORECASE,
)
SCHEMES = re.compile(r"(?:java|vb|live)script:", re.IGNORECASE)
INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})\s?|(.))", re.DOTALL)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)

RESAVE = (
    "réenregistrez le dessin en « SVG simple » (Inkscape) ou exportez-le en PNG, puis "
    "remplacez le fichier"
)
SCRIPT_FIX = (
    "supprimez cet élément ou cet attribut (Inkscape : Édition > Éditeur XML) ou exportez le "
    "dessin en PNG, puis remplacez le fichier"
)
STYLE_FIX = (
    "retirez de sa feuille de style ce qui charge un autre fichier (Inkscape : Édition > Éditeur "
    "XML) ou exportez le dessin en PNG, puis remplacez le fichier"
)
REOPEN = (
    "ouvrez-le dans un logiciel de dessin (Inkscape), réenregistrez-le, puis remplacez le fichier"
)
EMBED_FIX = (
    "incorporez l’image dans le dessin (Inkscape : Extensions > Images > Incorporer les "
    "images) ou retirez le lien ; un lien vers une page se met dans le texte, pas dans le dessin"
)


@dataclass(frozen=True)
class Refusal:
    line: int | None
    message: str
    fix: str


class _Refused(Exception):
    def __init__(self, refusal: Refusal):
        super().__init__(refusal.message)
        self.refusal = refusal


def check_svg(data: bytes) -> Refusal | None:
    """Why this drawing cannot be published as it is, or None."""
    checker = _Checker()
    try:
        checker.parser.Parse(data, True)
    except _Refused as refused:
        return refused.refusal
    except expat.ExpatError as error:
        return Refusal(
            error.lineno,
            "dessin SVG illisible : son XML est mal formé (ou il utilise une entité non déclarée)",
            REOPEN,
        )
    return None


class _Checker:
    def __init__(self) -> None:
        self.parser = parser = expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self.doctype
        parser.EntityDeclHandler = self.entity
        parser.ExternalEntityRefHandler = self.entity
        parser.ProcessingInstructionHandler = self.instruction
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        self.depth = 0
        self.style: list[str] | None = None  # the text of the <style> being read
        self.style_line = 0

    def refuse(self, message: str, fix: str = RESAVE) -> None:
        raise _Refused(Refusal(self.parser.CurrentLineNumber, message, fix))

    def doctype(self, _name, _system, _public, has_internal_subset) -> None:
        if has_internal_subset:
            self.refuse(
                "dessin SVG refusé : sa déclaration <!DOCTYPE … [ … ]> définit des entités XML, "
                "refusées par sécurité (elles peuvent lire d’autres fichiers ou bloquer la "
                "construction)",
                "réexportez-le en « SVG simple » (Inkscape) ou avec « Exporter sous > SVG » "
                "(Illustrator)",
            )

    def entity(self, *_args) -> None:
        self.refuse("dessin SVG refusé : il déclare des entités XML, refusées par sécurité")

    def instruction(self, target: str, _data: str) -> None:
        if target.lower() == "xml-stylesheet":
            self.refuse(
                "dessin SVG refusé : il appelle une feuille de style extérieure "
                "(<?xml-stylesheet?>)"
            )

    def start(self, name: str, attributes: dict[str, str]) -> None:
        uri, _, local = name.rpartition(" ")
        if self.depth == 0 and (uri, local) != (SVG, "svg"):
            self.refuse(f"ce fichier n’est pas un dessin SVG (il commence par « <{local}> »)")
        self.depth += 1
        if uri == SVG:
            self.element(local)
        elif uri not in EDITORS:
            self.refuse(
                f"dessin SVG refusé : l’élément « <{local}> » vient d’un autre langage "
                f"que SVG ({uri or 'sans espace de noms'})",
                SCRIPT_FIX,
            )
        for key, value in attributes.items():
            self.attribute(uri, local, key, value)
        if (uri, local) == (SVG, "style"):
            self.style, self.style_line = [], self.parser.CurrentLineNumber

    def element(self, local: str) -> None:
        if local == "script":
            self.refuse(
                "dessin SVG refusé : il contient un script (élément « <script> »)", SCRIPT_FIX
            )
        if local == "foreignObject":
            self.refuse(
                "dessin SVG refusé : il contient une page HTML (élément "
                "« <foreignObject> »), qui peut exécuter un script",
                SCRIPT_FIX,
            )
        if local not in ELEMENTS:
            self.refuse(
                f"dessin SVG refusé : l’élément « <{local}> » n’est pas un élément de "
                "dessin admis sur le site"
            )

    def attribute(self, uri: str, element: str, key: str, value: str) -> None:
        space, _, local = key.rpartition(" ")
        shown = f"xlink:{local}" if space == XLINK else local
        if local.lower().startswith("on"):
            self.refuse(
                f"dessin SVG refusé : il contient un script (attribut « {shown} »)", SCRIPT_FIX
            )
        if space not in ("", XLINK, XML) and space not in EDITORS:
            self.refuse(
                f"dessin SVG refusé : l’attribut « {local} » vient d’un autre langage "
                f"que SVG ({space})"
            )
        if SCHEMES.search(INVISIBLE.sub("", value)):
            self.refuse(
                f"dessin SVG refusé : l’attribut « {shown} » contient un lien "
                "« javascript: », qui exécute un script",
                SCRIPT_FIX,
            )
        if space in EDITORS:
            return
        if local == "href" and space in ("", XLINK) and not _safe_reference(value):
            self.refuse(
                f"dessin SVG refusé : il charge ou ouvre un autre fichier "
                f'(« {shown}="{_short(value)}" »)',
                EMBED_FIX,
            )
        if uri == SVG and element in ANIMATIONS and local == "attributeName":
            target = value.strip().lower().rpartition(":")[2]
            if target in ("href", "style") or target.startswith("on"):
                self.refuse(
                    f"dessin SVG refusé : une animation y change l’attribut "
                    f"« {value.strip()} », ce qui peut ouvrir un lien ou exécuter un "
                    "script",
                    SCRIPT_FIX,
                )
        problem = _css_problem(value) if local == "style" else _url_problem(value)
        if problem:
            fix = STYLE_FIX if local == "style" else EMBED_FIX
            self.refuse(f"dessin SVG refusé : l’attribut « {shown} » {problem}", fix)

    def end(self, name: str) -> None:
        self.depth -= 1
        if name == f"{SVG} style" and self.style is not None:
            problem = _css_problem("".join(self.style))
            self.style = None
            if problem:
                raise _Refused(
                    Refusal(
                        self.style_line,
                        f"dessin SVG refusé : sa feuille de style (« <style> ») {problem}",
                        STYLE_FIX,
                    )
                )

    def text(self, data: str) -> None:
        if self.style is not None:
            self.style.append(data)


def _safe_reference(value: str) -> bool:
    """A part of this drawing (`#id`), an embedded raster image, or nothing."""
    value = value.strip()
    return not value or value.startswith("#") or bool(EMBEDDED.match(value))


def _url_problem(value: str) -> str | None:
    if "url(" not in value.lower():
        return None
    found = URL.findall(value)
    if len(found) != value.lower().count("url("):
        return "contient un « url( » illisible"
    for groups in found:
        target = next((g for g in groups if g), "")
        if not _safe_reference(target):
            return f"charge un autre fichier (« url({_short(target)}) »)"
    return None


def _css_problem(css: str) -> str | None:
    """What in a style sheet loads or runs something; CSS escapes cannot hide it."""
    css = CSS_COMMENT.sub("", css)
    css = CSS_ESCAPE.sub(lambda m: chr(int(m[1], 16)) if m[1] else m[2], css)
    loader = LOADERS.search(css)
    if loader:
        return f"charge ou exécute quelque chose (« {loader[0].strip()} »)"
    if SCHEMES.search(INVISIBLE.sub("", css)):
        return "contient un lien « javascript: »"
    return _url_problem(css)


def _short(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= 60 else value[:57] + "…"
