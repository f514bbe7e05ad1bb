"""Nothing a volunteer adds under content/ runs on the site's address (issue 30).

A scratch repository (its `.git/config` and `.env` hold a fake token) holds a
small site, built once; then one hostile file per class is added: SVG drawings
with a `<script>`, an `onload`, HTML in a `<foreignObject>`, a link to another
file, an entity bomb; an `.html` page in extra/ and one beside a text; a `.js`
in images/; an HTML page named `.jpg`; symbolic links to `.git/config`, to
`.env`, to a file of the repository outside content/ and to a hidden file of
content/. The build is refused with one French message per hostile file (and
`catalyst check` says the same), the previous site is left byte for byte, and
the token is in no file of it. Built again without the report step, the site
publishes the harmless drawing and the PDF and none of the rest; a real
Chromium opens every published SVG as a page and as an `<img>`, while the
hostile drawings, opened straight from content/, prove the payloads would run.
"""

from __future__ import annotations

import base64
import io
import os
import shutil
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from cases.corpus import article
from cases.runner import atomic_build, check_command, parse_report, tree_hash, write_tree
from PIL import Image

from conftest import ROOT, build_site
from photos import png
from plugins.content_validation.static_files import identify, static_refusal
from plugins.content_validation.static_types import TEXTS, SettingsError, read_policy
from plugins.content_validation.svg import check_svg

TOKEN = "ghp_CatalystFakeTokenForTests0123456789"
BEACON = "/__beacon.png"  # a drawing that loads it has loaded another file
SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
PAYLOAD = "window.__pwned = true"
LOL = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
BOMB = (
    f'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY lol0 "lol">{LOL}]>\n'
    f'{SVG_OPEN}width="10" height="10"><text>&lol9;</text></svg>\n'
)


def _pdf() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, "PDF")
    return buffer.getvalue()


SAFE_SVG = f"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
{SVG_OPEN}xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
     xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
     width="120" height="80" viewBox="0 0 120 80">
  <sodipodi:namedview id="vue" inkscape:zoom="1"/>
  <title>Plan du jardin</title>
  <defs>
    <linearGradient id="ciel"><stop offset="0" stop-color="#39f"/><stop offset="1"
      stop-color="#fff"/></linearGradient>
    <style><![CDATA[ .sol {{ fill: url(#ciel); stroke: #333 }} ]]></style>
  </defs>
  <g inkscape:label="Calque 1" inkscape:groupmode="layer">
    <rect class="sol" width="120" height="80"/>
    <circle id="arbre" cx="20" cy="40" r="10" style="fill:green;stroke-width:2"/>
    <use xlink:href="#arbre" x="40"/>
    <image x="90" y="10" width="16" height="16"
      href="data:image/png;base64,{base64.b64encode(png(16, 16)).decode()}"/>
  </g>
</svg>
"""
SAFE = {
    "articles/2024/jardin.md": article(
        title="Le jardin",
        body="![Le plan du jardin]({static}/images/plan.svg)\n\n"
        "[Le tract]({static}/extra/tract.pdf)",
    ),
    "images/plan.svg": SAFE_SVG,
    "extra/tract.pdf": _pdf(),
    ".notes": f"jeton de test : {TOKEN}\n",  # a hidden file of content/: ignored
}
# file under content/: (its bytes, words of its one message; spaces as plain spaces)
HOSTILE = {
    "images/script.svg": (
        f'{SVG_OPEN}width="10" height="10">\n<script>{PAYLOAD}</script>\n</svg>\n',
        "il contient un script (élément « <script> »)",
    ),
    "images/onload.svg": (
        f'{SVG_OPEN}width="10" height="10" onload="{PAYLOAD}"><rect width="5" height="5"/></svg>',
        "il contient un script (attribut « onload »)",
    ),
    "images/html-dedans.svg": (
        f'{SVG_OPEN}width="100" height="100"><foreignObject width="100" height="100">'
        f'<body xmlns="http://www.w3.org/1999/xhtml"><script>{PAYLOAD}</script></body>'
        "</foreignObject></svg>",
        "il contient une page HTML (élément « <foreignObject> »)",
    ),
    "images/ailleurs.svg": (
        f'{SVG_OPEN}width="10" height="10">\n\n<image width="5" height="5" href="{BEACON}"/></svg>',
        f'il charge ou ouvre un autre fichier (« href="{BEACON}" »)',
    ),
    "images/bombe.svg": (BOMB, "définit des entités XML, refusées par sécurité"),
    "extra/page.html": (
        f"<!DOCTYPE html>\n<html><body><script>{PAYLOAD}</script></body></html>\n",
        "une page HTML ne peut pas être publiée telle quelle depuis content/extra/ ; "
        "écrivez-la en Markdown dans content/pages/",
    ),
    "images/outil.js": (
        f"{PAYLOAD};\n",
        "un script JavaScript ne peut pas être publié depuis content/images/",
    ),
    "images/photo.jpg": (
        f"<html><body><script>{PAYLOAD}</script></body></html>\n",
        "« photo.jpg » n’est pas ce que dit son extension : c’est une page web (HTML)",
    ),
    "articles/2024/annexe.md": (
        article(title="Annexe", body="[L’annexe]({attach}annexe.html)"),
        None,  # publishes annexe.html beside it: refused below
    ),
    "articles/2024/annexe.html": (
        f"<html><body><script>{PAYLOAD}</script></body></html>\n",
        "les fichiers « .html » ne sont pas publiés",
    ),
}
LINKS = {  # symbolic link under content/: (its target, words of its one message)
    "extra/config": (
        "../../.git/config",
        "lien symbolique vers un nom caché (« ../../.git/config »)",
    ),
    "extra/reglages.txt": ("../../.env", "lien symbolique vers un nom caché (« ../../.env »)"),
    "extra/notes.txt": ("../.notes", "lien symbolique vers un nom caché (« ../.notes »)"),
    "extra/lisez-moi.txt": (
        "../../README.md",
        "lien symbolique vers « ../../README.md », hors de content/",
    ),
}
REFUSED = [path for path, (_, words) in HOSTILE.items() if words] + list(LINKS)
PUBLISHED = ["images/plan.svg", "extra/tract.pdf"]


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _add_hostile_files(content: Path) -> None:
    write_tree(content, {path: data for path, (data, _) in HOSTILE.items()})
    for path, (target, _) in LINKS.items():
        os.symlink(target, content / path)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> SimpleNamespace:
    """A scratch repository: a site built once, then the hostile files added and built again."""
    root = tmp_path_factory.mktemp("static")
    repository = root / "depot"
    write_tree(
        repository,
        {
            ".git/config": f'[http "https://github.com/"]\n\textraheader = basic {TOKEN}\n',
            ".env": f"GITHUB_TOKEN={TOKEN}\n",
            "README.md": f"Le dépôt. {TOKEN}\n",
        },
    )
    content = write_tree(repository / "content", SAFE)
    output = root / "output"
    code, log = atomic_build(content, output)
    assert code == 0, log
    before = tree_hash(output)
    _add_hostile_files(content)
    code, log = atomic_build(content, output)
    check_code, check_log = check_command(content)
    return SimpleNamespace(
        content=content,
        output=output,
        code=code,
        log=log,
        reported=parse_report(log),
        before=before,
        after=tree_hash(output),
        check_code=check_code,
        check_log=check_log,
    )


def test_hostile_files_fail_the_build_and_leave_the_previous_site_untouched(repo):
    assert repo.code != 0
    assert "le site n’a pas été construit" in repo.log
    assert repo.after == repo.before
    assert "Traceback" not in repo.log


@pytest.mark.parametrize("path", REFUSED)
def test_each_hostile_file_gets_one_french_message_naming_it(repo, path):
    words = HOSTILE[path][1] if path in HOSTILE else LINKS[path][1]
    found = [r for r in repo.reported if r.path == f"content/{path}"]
    assert len(found) == 1, repo.log
    assert words in _plain(found[0].text), repo.log
    assert found[0].severity == "erreur"
    assert " ; " in found[0].text  # what is wrong ; how to fix it


def test_only_the_hostile_files_are_reported(repo):
    assert {r.path for r in repo.reported} == {f"content/{path}" for path in REFUSED}, repo.log


def test_messages_use_french_spacing(repo):
    [found] = [r for r in repo.reported if r.path == "content/images/script.svg"]
    assert "«\u202f<script>\u202f»" in found.text
    assert "Inkscape\u00a0: Édition" in found.text


def test_svg_refusal_names_the_line(repo):
    lines = {r.path: r.line for r in repo.reported}
    assert lines["content/images/script.svg"] == 2
    assert lines["content/images/ailleurs.svg"] == 3


def test_catalyst_check_says_the_same_without_building(repo):
    assert repo.check_code != 0
    assert set(parse_report(repo.check_log)) == set(repo.reported)


def test_the_token_is_in_no_published_file(repo):
    published = [p for p in repo.output.resolve().rglob("*") if p.is_file()]
    assert published
    assert not [p for p in published if TOKEN.encode() in p.read_bytes()]


@pytest.fixture(scope="module")
def withheld(repo, tmp_path_factory) -> SimpleNamespace:
    """The hostile repository built without the report step: what would Pelican copy?"""
    from pelican.settings import read_settings

    plugins = read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]
    copy = tmp_path_factory.mktemp("withheld") / "depot"
    shutil.copytree(repo.content.parent, copy, symlinks=True)
    # A link to a withheld file is Pelican's fatal warning: this build would stop there.
    (copy / "content/articles/2024/annexe.md").unlink()
    return build_site(
        copy / "content",
        copy.parent / "output",
        extra={"PLUGINS": [p for p in plugins if p != "plugins.content_checks"]},
    )


def test_without_the_report_step_refused_files_are_still_never_copied(withheld):
    assert withheld.returncode == 0, withheld.log
    written = {p.relative_to(withheld.output).as_posix() for p in withheld.output.rglob("*")}
    assert set(PUBLISHED) <= written
    names = {p.rpartition("/")[2] for p in written}
    assert not {p.rpartition("/")[2] for p in REFUSED} & names
    assert ".notes" not in names
    assert not [
        p for p in withheld.output.rglob("*") if p.is_file() and TOKEN.encode() in p.read_bytes()
    ]


def test_with_the_cross_file_checks_off_refused_files_still_stop_the_build(repo, tmp_path):
    build = build_site(
        repo.content, tmp_path / "output", extra={"CONTENT_VALIDATION_ENABLED": False}
    )
    assert build.returncode != 0
    reported = {r.path for r in parse_report(build.log)}
    assert {f"content/{p}" for p in REFUSED if not p.startswith("articles/")} <= reported
    assert not (tmp_path / "output").exists() or not list((tmp_path / "output").rglob("*.svg"))


def test_harmless_drawing_and_pdf_are_published_as_they_are(withheld, repo):
    for path in PUBLISHED:
        assert (withheld.output / path).read_bytes() == (repo.content / path).read_bytes()


def test_the_theme_favicon_is_published_untouched(withheld):
    favicon = ROOT / "theme" / "static" / "favicon.svg"
    assert (withheld.output / "theme" / "favicon.svg").read_bytes() == favicon.read_bytes()
    assert check_svg(favicon.read_bytes()) is None  # it would pass; theme files are not checked


# A real browser: the published drawings run nothing; the hostile ones would have.


class _Handler(SimpleHTTPRequestHandler):
    raw: Path  # content/, served under /raw/ for the control
    beacons: list[str]

    def log_message(self, format: str, *args) -> None:
        pass

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        if path.startswith("/raw/"):
            return str(self.raw / path.removeprefix("/raw/"))
        return super().translate_path(path)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == BEACON:
            self.beacons.append(self.path)
        if url.path == "/__img":
            src = parse_qs(url.query)["src"][0]
            body = f'<!DOCTYPE html><title>img</title><img src="{src}" alt="">'.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


@contextmanager
def _serve(output: Path, raw: Path) -> Iterator[tuple[str, list[str]]]:
    beacons: list[str] = []
    handler = type("Handler", (_Handler,), {"raw": raw, "beacons": beacons})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(output)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", beacons
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def chromium(withheld, repo):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    with (
        sync_api.sync_playwright() as playwright,
        _serve(withheld.output, repo.content) as (
            base,
            beacons,
        ),
    ):
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context()
        context.add_init_script("window.__pwned = false")

        def opened(path: str, *, as_image: bool) -> tuple[bool, list[str]]:
            """Open a drawing; did anything run, and what did it load?"""
            del beacons[:]
            page = context.new_page()
            if as_image:
                page.goto(f"{base}/__img?src={quote(path)}")
                page.wait_for_function("document.images[0].complete")
            else:
                page.goto(f"{base}{path}")
            page.wait_for_timeout(200)  # an onload, a loaded image
            pwned = page.evaluate("window.__pwned")
            page.close()
            return pwned, list(beacons)

        yield opened
        browser.close()


@pytest.mark.browser
def test_the_payloads_run_when_a_browser_opens_them_unchecked(chromium):
    for path in ("script.svg", "onload.svg", "html-dedans.svg"):
        assert chromium(f"/raw/images/{path}", as_image=False) == (True, []), path
    assert chromium("/raw/extra/page.html", as_image=False) == (True, [])
    assert chromium("/raw/images/ailleurs.svg", as_image=False)[1] == [BEACON]


@pytest.mark.browser
def test_every_published_drawing_runs_and_loads_nothing(chromium, withheld):
    drawings = sorted(withheld.output.rglob("*.svg"))
    assert {d.relative_to(withheld.output).as_posix() for d in drawings} >= {
        "images/plan.svg",
        "theme/favicon.svg",
    }
    for drawing in drawings:
        path = "/" + drawing.relative_to(withheld.output).as_posix()
        assert chromium(path, as_image=False) == (False, []), path
        assert chromium(path, as_image=True) == (False, []), path


# The checks one by one, without a build.

SVG_REFUSED = {
    "script in upper case": f"{SVG_OPEN}><SCRIPT xmlns='http://www.w3.org/2000/svg'/></svg>",
    "event in capitals": f'{SVG_OPEN}><rect ONCLICK="{PAYLOAD}"/></svg>',
    "xhtml script": f'{SVG_OPEN}><h:script xmlns:h="http://www.w3.org/1999/xhtml"/></svg>',
    "javascript link": f'{SVG_OPEN}><a href=" jav&#x09;ascript:alert(1)"><rect/></a></svg>',
    "link to a page": f'{SVG_OPEN}><a xlink:href="https://example.org/"><rect/></a></svg>',
    "use of another file": f'{SVG_OPEN}><use href="autre.svg#forme"/></svg>',
    "nested svg as data": f'{SVG_OPEN}><image href="data:image/svg+xml;base64,PHN2Zz4="/></svg>',
    "animated href": f'{SVG_OPEN}><a><animate attributeName="href" to="#x"/></a></svg>',
    "set an event": f'{SVG_OPEN}><set attributeName="onmouseover" to="x()"/></svg>',
    "url in a fill": f'{SVG_OPEN}><rect fill="url(https://example.org/g.svg#g)"/></svg>',
    "import": f"{SVG_OPEN}><style>@import 'https://example.org/s.css';</style></svg>",
    "escaped import": f"{SVG_OPEN}><style>@\\69mport 'x.css';</style></svg>",
    "url in style": f"{SVG_OPEN}><rect style=\"fill: url( '/x.svg#g' )\"/></svg>",
    "image-set": f"{SVG_OPEN}><style>a {{ cursor: image-set('x.png' 1x) }}</style></svg>",
    "stylesheet instruction": f'<?xml-stylesheet href="s.xsl"?>{SVG_OPEN}/>',
    "external entity": f'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>{SVG_OPEN}/>',
    "parameter entity": f'<!DOCTYPE svg [<!ENTITY % p SYSTEM "http://x/p.dtd"> %p;]>{SVG_OPEN}/>',
    "undeclared entity": f"{SVG_OPEN}>&x;</svg>",
    "bomb": BOMB,
    "not svg": "<html><body>x</body></html>",
    "unknown element": f"{SVG_OPEN}><iframe/></svg>",
    "not well-formed": f"{SVG_OPEN}><rect></svg>",
}
SVG_ACCEPTED = {
    "inkscape drawing": SAFE_SVG,
    "gradient by url": f'{SVG_OPEN}><rect fill="url(#g)" style="fill:url(&quot;#g&quot;)"/></svg>',
    "embedded photo": f'{SVG_OPEN}><image xlink:href="data:image/jpeg;base64,/9j/"/></svg>',
    "link inside": f'{SVG_OPEN}><a href="#haut"><text>Haut</text></a></svg>',
    "illustrator": '<?xml version="1.0"?>\n<!-- Generator: Adobe Illustrator 27 -->\n'
    f'{SVG_OPEN}xmlns:i="http://ns.adobe.com/AdobeIllustrator/10.0/" i:viewOrigin="0 0" '
    'data-name="Calque 1"><g><path d="M0 0h1"/></g></svg>',
    "animation": f'{SVG_OPEN}><rect><animate attributeName="opacity" from="0" to="1" '
    'dur="1s"/></rect></svg>',
}


@pytest.mark.parametrize("name", SVG_REFUSED)
def test_hostile_drawing_is_refused_with_a_reason(name):
    refusal = check_svg(SVG_REFUSED[name].encode())
    assert refusal is not None and refusal.message and refusal.fix


@pytest.mark.parametrize("name", SVG_ACCEPTED)
def test_ordinary_drawing_is_accepted(name):
    assert check_svg(SVG_ACCEPTED[name].encode()) is None


def _docx(*extra: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("[Content_Types].xml", "word/document.xml", *extra):
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def _odt(mimetype: str = "application/vnd.oasis.opendocument.text") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", "<x/>")
    return buffer.getvalue()


FILES = {  # (path under content/, bytes): the words of its refusal, or None if published
    ("extra/budget.csv", b"poste;montant\nlocation;120\n"): None,
    ("extra/budget.csv", "poste;montant\n".encode("utf-16")): "n’est pas ce que dit son extension",
    ("extra/compte-rendu.docx", _docx()): None,
    ("extra/compte-rendu.docx", _docx("word/vbaProject.bin")): "document à macros",
    ("extra/compte-rendu.odt", _odt()): None,
    ("extra/compte-rendu.odt", _odt("application/vnd.oasis.opendocument.spreadsheet")): (
        "qui n’est pas un « .odt »"),
    ("extra/tract.pdf", _pdf()): None,
    ("images/tract.pdf", _pdf()): "un document PDF ne se publie pas depuis content/images/",
    ("extra/google0123abcd.html", b"google-site-verification: google0123abcd.html\n"): None,
    ("extra/google0123abcd.html", b"<html><script></script></html>"): "une page HTML",
    ("images/logo.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00"): None,
    ("images/scan.tiff", b"II*\x00\x08\x00"): None,  # plugins.images re-encodes it
    ("images/scan.bmp", b"BM\x00\x00"): None,
    ("extra/tract.pdf", png(8, 8)): "c’est une image PNG ; renommez-le « tract.png »",
    ("images/scan.bmp", b"BM, les notes"): "c’est du texte",
    ("extra/style.css", b"body{}"): "une feuille de style",
    ("extra/plan.xml", b"<?xml version='1.0'?><x/>"): "un fichier XML",
    ("extra/archive.zip", _docx()): "une archive",
    ("extra/installer.exe", b"MZ\x90\x00\x03"): "un programme",
    ("extra/film.mp4", b"\x00\x00\x00\x18ftypmp42"): "les vidéos et les sons",
    ("extra/sans-extension", b"texte"): "fichier sans extension",
    ("articles/2024/plan.svg", SAFE_SVG.encode()): None,
    ("articles/2024/page.htm", b"<p>x</p>"): "une page HTML",
}  # fmt: skip


@pytest.mark.parametrize(("case", "words"), FILES.items(), ids=[p for p, _ in FILES])
def test_static_file_is_published_or_refused_by_its_type_folder_and_bytes(tmp_path, case, words):
    rel, data = case
    path = tmp_path / rel.rpartition("/")[2]
    path.write_bytes(data)
    folder = rel.partition("/")[0] if rel.startswith(("images/", "extra/")) else TEXTS
    where = "content/" + (folder if folder != TEXTS else rel.rpartition("/")[0]) + "/"
    issue = static_refusal(str(path), rel, folder, where, read_policy({}))
    if words is None:
        assert issue is None
    else:
        assert issue is not None and words in _plain(issue.message + " ; " + issue.fix)


def test_a_setting_moves_a_type_to_other_folders():
    policy = read_policy({"CONTENT_VALIDATION_STATIC_TYPES": {"pdf": ["images"], "svg": []}})
    assert ".pdf" in policy.extensions_in("images")
    assert ".pdf" not in policy.extensions_in("extra")
    assert ".svg" not in policy.extensions_in("images")


@pytest.mark.parametrize("value", [{"video": ["extra"]}, {"pdf": "extra"}, {"pdf": 1}, ["pdf"]])
def test_a_wrong_setting_names_the_plugin_and_the_setting(value):
    with pytest.raises(SettingsError, match="content_validation: CONTENT_VALIDATION_STATIC_TYPES"):
        read_policy({"CONTENT_VALIDATION_STATIC_TYPES": value})


@pytest.mark.parametrize(
    ("head", "found"),
    [
        (b"<!-- Generator: Adobe Illustrator -->\n<svg xmlns=", "SVG"),
        (b"\xef\xbb\xbf  <!DOCTYPE html><p>", "HTML"),
        (b"MZ, code postal\n", "TEXT"),
        (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1", "AVIF"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "HEIF"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "WEBP"),
    ],
)
def test_a_file_is_identified_by_its_first_bytes(head, found):
    assert identify(head) == found
