"""No page makes a reader's browser talk to anyone but the site itself."""

from __future__ import annotations

from urllib.parse import urlparse

# Elements/attributes the browser fetches by itself when it renders a page.
FETCHED = [
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("link", "href"),
]
# <link rel> values that are pointers for people or programs, not fetched on load.
NOT_FETCHED_LINKS = {"license", "alternate", "author", "canonical", "me"}


def _external(url: str) -> bool:
    parsed = urlparse(url.strip())
    return bool(parsed.scheme and parsed.scheme not in ("data",)) or bool(parsed.netloc)


def test_no_page_loads_anything_from_another_host(site):
    pages = sorted(site.output.rglob("*.html"))
    assert pages
    offenders = []
    for path in pages:
        soup = site.html(str(path.relative_to(site.output)))
        for tag, attribute in FETCHED:
            for node in soup.find_all(tag):
                if tag == "link" and set(node.get("rel", [])) & NOT_FETCHED_LINKS:
                    continue
                value = node.get(attribute)
                if not value:
                    continue
                urls = (
                    [part.split()[0] for part in value.split(",")]
                    if "srcset" in attribute
                    else [value]
                )
                offenders += [(path.name, tag, u) for u in urls if _external(u)]
        for node in soup.find_all(style=True):
            if "url(" in node["style"]:
                offenders.append((path.name, "style", node["style"]))
    assert offenders == []


def test_stylesheet_imports_nothing_from_elsewhere(site):
    css = (site.output / "theme/css/site.css").read_text(encoding="utf-8")
    assert "@import" not in css
    assert "url(" not in css
