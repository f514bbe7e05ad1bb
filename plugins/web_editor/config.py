"""The web editor's configuration, generated from the content model.

Every collection of the editor is a content type of catalyst.model:
its folder, its fields in the model's order with their French labels, help,
required flags and allowed values, the widget their type calls for, and the
file name the reader expects. A field added to the model appears in the
editor; a field the build requires is required in the form. Nothing about a
type is written here.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalyst.model import ContentModel, ContentType, Field
from catalyst.model.placement import placement
from catalyst.model.typography.rules import french

BODY = {"name": "body", "label": "Texte", "widget": "markdown",
        "hint": "le texte, en Markdown"}  # fmt: skip
STRING_TYPES = {"text", "title", "name", "category", "slug", "lang", "licence", "url", "email",
                "phone", "path"}  # fmt: skip
DATE_FORMATS = {"date": ("YYYY-MM-DD", False), "datetime": ("YYYY-MM-DD HH:mm", "HH:mm")}


@dataclass(frozen=True)
class EditorOptions:
    repository: str | None  # "owner/name" on GitHub; None: the editor cannot publish
    branch: str
    local_backend: str | None  # the editor's local server (decap-server), e.g. for tests
    auth_url: str | None  # the OAuth proxy for GitHub logins (Decap's `base_url`)
    auth_endpoint: str  # the proxy's sign-in path
    auth_scope: str  # what the GitHub token may do: "public_repo" or "repo"
    open_authoring: bool  # without write access: a fork, then a pull request
    api_root: str | None  # GitHub's API unless another is given
    media_folder: str  # where uploads go in the repository (the image step's folder)
    public_folder: str  # how a text cites them (`images/x.jpg`)
    site_url: str


def editor_config(model: ContentModel, options: EditorOptions) -> dict:
    """The editor's `config.yml`, as a dict."""
    messages = {
        "create": "Ajout : {{collection}} « {{slug}} »",
        "update": "Modification : {{collection}} « {{slug}} »",
        "delete": "Suppression : {{collection}} « {{slug}} »",
        "uploadMedia": "Ajout de la photo « {{path}} »",
        "deleteMedia": "Suppression de la photo « {{path}} »",
    }
    backend = {
        "name": "github",
        "repo": options.repository or "",
        "branch": options.branch,
        "commit_messages": messages,
    }
    if options.auth_url:
        backend.update(
            base_url=options.auth_url,
            auth_endpoint=options.auth_endpoint,
            auth_scope=options.auth_scope,
        )
    if options.open_authoring:
        backend["open_authoring"] = True
    if options.api_root:
        backend["api_root"] = options.api_root
    config = {
        "backend": backend,
        "publish_mode": "editorial_workflow",
        "locale": "fr",
        "media_folder": options.media_folder,
        "public_folder": options.public_folder,
        "site_url": options.site_url,
        "show_preview_links": bool(options.site_url),
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [collection(t, model) for t in model.types if t.folders],
    }
    if options.local_backend:  # used only when the page itself is on localhost or 127.0.0.1
        config["local_backend"] = {"url": options.local_backend}
    return config


def collection(ctype: ContentType, model: ContentModel) -> dict:
    folder = ctype.folders[0].strip("/")
    shown = [f for f in ctype.fields if not f.advanced and f.name != "status"]  # a PR is the draft
    names = {f.name for f in shown}
    firsts = {
        next(n for n in group if n in names)
        for group in ctype.one_of
        if any(n in names for n in group)
    }  # one of them is required: the first shown
    fields = [widget(f, model, required=f.required or f.name in firsts) for f in shown]
    for found_field in fields:  # Decap cannot require a field only when another is filled
        photo = ctype.field(found_field["name"].removesuffix("-description"))
        if found_field["name"].endswith("-description") and photo and photo.type == "image":
            found_field["label"] += _typo(" (obligatoire avec une photo)")
    found = {
        "name": ctype.name,
        "label": ctype.label,
        "label_singular": ctype.item_name,
        "folder": f"content/{folder}",
        "create": True,
        "extension": "md",
        "format": "pelican",
        "identifier_field": _identifier(ctype),
        "fields": [*fields, BODY],
    }
    found.update(_file_name(ctype))
    return found


def widget(spec: Field, model: ContentModel, *, required: bool) -> dict:
    """The form field of one header field: its widget from the field's type."""
    found = {"name": spec.name, "label": _typo(spec.label or spec.key), "required": required}
    if spec.help:
        found["hint"] = _typo(spec.help)
    kind = spec.type
    if kind == "datetime" and ":" not in spec.example:  # a day (an article's date): no clock
        kind = "date"
    if kind in DATE_FORMATS:
        shown, time = DATE_FORMATS[kind]
        found.update(
            widget="datetime",
            format=shown,
            date_format="YYYY-MM-DD",
            time_format=time,
            picker_utc=False,
        )
    elif kind in ("summary",):
        found["widget"] = "text"
    elif kind in ("list", "tags", "urls"):
        found.update(widget="list", allow_add=True)
    elif kind == "choice":
        found.update(widget="select", options=list(spec.choices))
    elif kind == "ref":
        target = model.get(spec.collection or "")
        found.update(
            widget="relation",
            collection=spec.collection,
            search_fields=[_identifier(target) if target else "title"],
            value_field="{{filename}}",  # the file's name: the slug the reader expects
            display_fields=[_identifier(target) if target else "title"],
        )
    elif kind == "order":
        found.update(widget="number", value_type="int")
    elif kind == "image":  # a photo of the site, never an address elsewhere
        found.update(widget="image", choose_url=False)
    else:
        found["widget"] = "string"
    return found


def _typo(text: str) -> str:
    """French typography for what the form shows (« Description : photo »)."""
    return french(text, [])


def _identifier(ctype: ContentType) -> str:
    """The field that names an item in the editor's lists: its title, or what makes it."""
    if ctype.field("title"):
        return "title"
    for spec in ctype.fields:
        if "{" + spec.name + "}" in ctype.title:
            return spec.name
    return ctype.fields[0].name


def _file_name(ctype: ContentType) -> dict:
    """Where an item's file goes (catalyst.model.placement), as a Decap `path` template.

    Decap lower-cases a `path` template before reading it: field names are lower case.
    A collection with a `path` keeps photos beside its files unless told where they go.
    """
    place = placement(ctype)
    photos = {"media_folder": "/content/images", "public_folder": "images"}
    if place.by == "group":  # a testimonial: under its event, named after its author
        slug = "{{" + _identifier(ctype) + "}}"
        return {"slug": slug, "path": "{{" + place.field + "}}/{{slug}}", **photos}
    if place.by == "year":
        path = "{{" + place.field + " | truncate(4)}}/{{slug}}"
        return {"slug": "{{slug}}", "path": path, **photos}
    if place.by == "week":  # the letter: a file a week (`2026-s49`), made by `invoke new lettre`
        return {"create": False}
    return {"slug": "{{slug}}"}
