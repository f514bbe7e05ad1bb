"""Hostile text in headers and file names, followed to where it ends (issue 30).

Two corpora. What must be refused (markup written as entities, an invisible line separator, a
file name that would forge a GitHub annotation or clear the terminal) goes through
`python -m catalyst check -s publishconf.py --annotations`, as a pull request's check runs it:
each file is refused at its line, once, in French, and nothing printed can start a line of its
own. What must stay allowed (quotes, `&`, `3 < 5`, `<3`, a summary quoting markup) is built
into a real site, every page of which is loaded in Chromium over HTTP with `window.__pwned`
set to false before any script of the page: each hostile value would set it, and the title of
the page, if it ever ran. Feeds are read with feedparser, the letter's e-mail with `email`.
"""

from __future__ import annotations

import email
import re
from email import policy
from types import SimpleNamespace

import feedparser
import pytest
from bs4 import BeautifulSoup
from cases.runner import annotated_check
from markupsafe import escape

from catalyst.model import Field, FieldError, convert
from catalyst.model.problems import Problem, ProblemLog, visible
from catalyst.model.typography.plain import plain_text
from catalyst.model.typography.rules import typeset
from catalyst.tools.annotations import command
from conftest import build_site, write_files
from quality.browser import open_browser
from quality.server import serve

# What each hostile value would run: no quotes, commas, semicolons or backticks, so that it
# survives where values are split (lists: Pelican splits on « ; » too), typeset (quotes) or
# rendered as Markdown (code spans).
PWN = "window.__pwned=true&&(document.title=atob(/cHduZWQ=/.source))"  # "pwned", base64
BREAK_OUT = f'" onmouseover="{PWN}" x="'  # names (category, tag, author): 100 characters at most
FOCUS_OUT = f'" autofocus onfocus="{PWN}" x="'

AUTHOR = f"Bob{BREAK_OUT}"
CATEGORY = f"Cat{BREAK_OUT}"
TAG = f"tag{BREAK_OUT}"
TITLE = 'Il a dit "oui" & 3 < 5 <3'
SUMMARY = f"Un résumé qui cite &lt;img src=x onerror={PWN}&gt; & « <3 »"
ALLOWED = {
    "articles/2024/guillemets.md": f"""\
        Title: {TITLE}
        Date: 2024-05-06
        Authors: {AUTHOR}, Alice & Co
        Category: {CATEGORY}
        Tags: {TAG}, 3 < 5 & co
        Summary: {SUMMARY}

        Le texte.
        """,
    "pages/page-hostile.md": f"""\
        Title: L'été "chaud" & <3
        Order: 9
        Source: https://example.org/?a=1&b=2
        Source-Name: Source{FOCUS_OUT}

        Le texte de la page.
        """,
    "events/2024/rencontre.md": f"""\
        Title: Rencontre "2024" & co
        Start: 2024-05-07 18:30
        Place: Lille{FOCUS_OUT}
        Address: 3 < 5 rue "des" Communs
        Speakers: Orateur{BREAK_OUT}, Oratrice & Co
        Tags: {TAG}
        Summary: Une rencontre & « <3 ».

        Le compte rendu.
        """,
    "guestbook/rencontre/jo.md": f"""\
        Author: Jo{BREAK_OUT}
        Role: <3 & "rôle"
        Organisation: Org{FOCUS_OUT}
        Event: rencontre
        Date: 2024-05-08

        Un témoignage & des « guillemets ».
        """,
    "projects/projet-hostile.md": f"""\
        Title: Projet "x" & 3 < 5
        Stage: idée
        Place: Roubaix{FOCUS_OUT}
        Contact: Camille{BREAK_OUT}
        Tags: {TAG}, projet & co
        Summary: Un projet & « <3 ».

        Le projet.
        """,
    "lettre/2024-s19.md": """\
        Title: Lettre "spéciale" & 3 < 5
        Summary: Une lettre & « <3 ».

        L’édito.
        """,
}

FORGED = "nom\n::error file=x::forged.md"
CLEARS = "efface\x1b[2J.md"
BAD_DATE = "Title: T\nDate: 03/04/2024\nAuthors: A\nSummary: S.\n\nTexte.\n"
A = "articles/2024/"
REFUSED = {
    A + "titre-script.md": "Title: &lt;script&gt;window.__pwned=true&lt;/script&gt;\n"
    "Date: 2024-05-01\nAuthors: A\nSummary: S.\n\nTexte.\n",
    A + "titre-image.md": f"Title: &#60;img src=x onerror={PWN}&#62;\nDate: 2024-05-01\n"
    "Authors: A\nSummary: S.\n\nTexte.\n",
    A + "titre-separateur.md": "Title: Avant\u2028après\nDate: 2024-05-01\nAuthors: A\n"
    "Summary: S.\n\nTexte.\n",
    A + "categorie-entites.md": "Title: T\nDate: 2024-05-01\nAuthors: A\nSummary: S.\n"
    f"Category: &#x3c;svg onload={PWN}&#x3e;\n\nTexte.\n",
    A + FORGED: BAD_DATE,
    A + CLEARS: BAD_DATE,
}
# (file, line, words of the message): one message each, no other
EXPECTED = [
    (A + "titre-script.md", 1, "le titre contient du HTML écrit en entités (qui se lit "
     "« <script> ») ; écrivez-le en texte simple, sans balises ni entités HTML"),
    (A + "titre-image.md", 1, "le titre contient du HTML écrit en entités (qui se lit "
     "« <img src=x onerror=window.__pwned=true&… »)"),
    (A + "titre-separateur.md", 1, "caractère invisible interdit (U+2028, séparateur de ligne) "
     "dans « Title », après « Avant » ; supprimez-le"),
    (A + "categorie-entites.md", 5, "la valeur de « Category » contient du HTML écrit en "
     "entités (qui se lit « <svg onload="),
    (A + visible(FORGED), 2, "date « 03/04/2024 » illisible"),
    (A + visible(CLEARS), 2, "date « 03/04/2024 » illisible"),
]  # fmt: skip


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """`python -m catalyst check --annotations` on the refused corpus, production settings."""
    content = write_files(tmp_path_factory.mktemp("refused") / "content", REFUSED, dedent=False)
    result = annotated_check(content)
    return SimpleNamespace(code=result.returncode, out=result.stdout, err=result.stderr)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The allowed corpus, built like `invoke build`, and every HTML page of it."""
    root = tmp_path_factory.mktemp("allowed")
    content = write_files(root / "content", ALLOWED)
    # NEWSLETTER_FIRST_ISSUE: the corpus is dated 2024, its letters are checked too
    extra = {"SEARCH_INDEX": False, "NEWSLETTER_FIRST_ISSUE": None}
    build = build_site(content, root / "output", extra=extra)
    assert build.returncode == 0, build.log
    pages = sorted(build.output.rglob("*.html"))
    return SimpleNamespace(output=build.output, pages=pages)


def report_lines(checked) -> list[str]:
    return [line for line in checked.err.splitlines() if line.startswith("  erreur : ")]


def test_hostile_headers_and_names_are_refused_by_the_check_without_a_traceback(checked):
    assert checked.code == 1, checked.err
    assert "Traceback" not in checked.out + checked.err
    assert "Échec de la vérification" in checked.err


@pytest.mark.parametrize("path, line, words", EXPECTED, ids=[e[0] for e in EXPECTED])
def test_each_hostile_file_is_refused_at_its_line_with_one_french_message(
    checked, path, line, words
):
    mine = [text for text in report_lines(checked) if f"content/{path}:" in text]
    assert len(mine) == 1, "\n".join(report_lines(checked))
    assert f"content/{path}:{line} — " in mine[0]
    assert words in mine[0], mine[0]


def test_a_file_name_cannot_forge_a_workflow_command_or_drive_the_terminal(checked):
    printed = checked.out + checked.err
    lines = printed.splitlines()
    assert not [line for line in lines if line.startswith("::error file=x")], printed
    assert "\x1b" not in printed
    assert f"content/{A}efface<U+001B>[2J.md:2 — " in checked.err
    commands = [line for line in checked.out.splitlines() if line.startswith("::")]
    assert len(commands) == len(EXPECTED), checked.out  # one annotation per problem, no more
    forged = [c for c in commands if "forged" in c]
    assert len(forged) == 1
    assert forged[0].startswith(f"::error file=content/{A}nom<U+000A>%3A%3Aerror file=x%3A%3A")


def test_annotations_and_report_show_control_characters_visibly():
    problem = Problem(
        "content/a\r\n::warning::x\x1b[2J\u2028.md", 3, "titre\n::error::faux", "corrigez\x07"
    )
    line = command(problem, problem.path)
    assert "\n" not in line and "\r" not in line and "\x1b" not in line and "\u2028" not in line
    assert "a<U+000D><U+000A>%3A%3Awarning%3A%3Ax<U+001B>[2J<U+2028>.md" in line
    assert line.endswith("::Titre<U+000A>::error::faux — corrigez<U+0007>")
    log = ProblemLog()
    log.add(problem)
    assert len(log.format().splitlines()) == 4  # counts, blank line, the file, its problem


def test_one_invisible_character_is_one_problem_of_its_line():
    log = ProblemLog()
    converted = "caractère invisible interdit (U+001B, échappement) dans « T »"
    log.add(Problem("f.md", 1, "caractère de contrôle invisible U+001B (colonne 12)", "x"))
    log.add(Problem("f.md", 1, converted, "y"))  # the same character, found again: dropped
    log.add(Problem("f.md", 2, converted, "y"))
    log.add(Problem("f.md", 1, "caractère invisible interdit (U+2028) dans « T »", "y"))
    assert [(p.line, p.message[:20]) for p in log.problems] == [
        (1, "caractère de contrôl"),
        (2, "caractère invisible "),
        (1, "caractère invisible "),
    ]


@pytest.mark.parametrize(
    "kind, value",
    [
        ("title", "&lt;script&gt;x()&lt;/script&gt;"),
        ("title", "&LT;script&GT;"),
        ("title", "&#60;img src=x onerror=y&#62;"),
        ("title", "&#x3c;svg&#x3e;"),
        ("title", "&#X3C;/title&#X3E;"),
        ("title", "&lt!-- commentaire"),
        ("title", "&lt;?php"),
        ("title", "&amp;lt;b&amp;gt;"),
        ("title", "Un <em>titre</em>"),
        ("category", "&lt;b&gt;"),
        ("name", "&lt;b&gt;"),
        ("list", "Alice, &lt;b&gt;"),
        ("tags", "a, &lt;i&gt;"),
        ("text", "&lt;a href=x&gt;"),
        ("ref", "&lt;b&gt;"),
        ("summary", "Un <em>résumé</em> &lt;img src=x onerror=y&gt;"),
    ],
)
def test_every_text_field_refuses_markup_even_written_as_entities(kind, value):
    with pytest.raises(FieldError) as error:
        convert(Field("champ", kind), value)
    assert "contient du HTML" in error.value.message
    assert "texte simple" in error.value.fix


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b", "\x1b", "\x7f", "\x85", "\x9b",
                                  "\u2028", "\u2029"])  # fmt: skip
@pytest.mark.parametrize("kind", ["title", "text", "list", "url", "date", "slug"])
def test_every_field_refuses_invisible_characters(kind, char):
    with pytest.raises(FieldError) as error:
        convert(Field("champ", kind), f"a{char}b")
    assert f"caractère invisible interdit (U+{ord(char):04X}" in error.value.message
    assert error.value.fix.startswith("supprimez-le")


@pytest.mark.parametrize(
    "kind, value",
    [
        ("title", 'Il a dit "oui" & 3 < 5'),
        ("title", "<3 et 3 <= 4, a < b"),
        ("title", "Tom &amp; Jerry"),
        ("title", "Un titre\tavec une tabulation"),
        ("category", 'Cat" onmouseover="x'),
        ("list", 'Bob" onmouseover="x, Alice & Co'),
        ("summary", "Un *résumé* avec <em>du HTML permis</em> & 3 &lt; 5"),
    ],
)
def test_quotes_ampersands_and_lone_less_than_signs_stay_allowed(kind, value):
    assert convert(Field("champ", kind), value)


@pytest.mark.browser
def test_no_hostile_value_runs_on_any_page_in_chromium(site):
    assert len(site.pages) > 20
    ran = {}
    with serve(site.output) as server, open_browser() as browser:
        context = browser.new_context(service_workers="block")
        context.add_init_script("window.__pwned = false;")
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(server.base_url)
                else route.abort()
            ),
        )
        page = context.new_page()
        for path in site.pages:
            url = server.url(path.relative_to(site.output).as_posix())
            page.goto(url, wait_until="load")
            # The handlers a break-out would add: fired on every element, as a reader would.
            page.evaluate("""() => { for (const element of document.querySelectorAll('*')) {
                element.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
                element.dispatchEvent(new FocusEvent('focus'));
            } }""")
            state = page.evaluate("() => [window.__pwned, document.title]")
            if state[0] is not False or state[1] == "pwned":
                ran[url] = state
        context.close()
    assert not ran


def test_no_page_gets_an_event_handler_or_a_script_from_a_value(site):
    for path in site.pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for element in soup.find_all(True):
            handlers = {a for a in element.attrs if a.startswith("on") or a == "autofocus"}
            if handlers == {"onclick"} and element.get("onclick") == "this.select()":
                continue  # share.html's « Copier le lien »
            assert not handlers, (path, str(element)[:200])
        for script in soup.find_all("script"):
            assert script.get("type") in ("application/ld+json", "module"), (path, script)
        assert not soup.find_all(["img", "svg"], onerror=True)


def test_values_are_escaped_once_on_every_page(site):
    for path in site.pages:
        html = path.read_text(encoding="utf-8")
        for doubled in ("&amp;amp;", "&amp;lt;", "&amp;quot;", "&amp;#", "&lt;sup", "&lt;em"):
            assert doubled not in html, (path, doubled)
        text = BeautifulSoup(html, "lxml").get_text()
        for entity in ("&amp;", "&lt;", "&gt;", "&quot;", "&#"):
            assert entity not in text, (path, entity)


def typeset_text(html: str) -> str:
    return plain_text(typeset(html))


def unset(text: str) -> str:
    """Shown text as it was written, French typography undone (« » for quotes, spaces)."""
    for shown, written in (("«\u202f", '"'), ("\u202f»", '"'), ("«", '"'), ("»", '"')):
        text = text.replace(shown, written)
    return text.replace("\u202f", "").replace("\u00a0", " ")


def test_pages_show_each_value_as_written(site):
    def soup(path):
        return BeautifulSoup((site.output / path).read_text(encoding="utf-8"), "lxml")

    article = soup("2024/guillemets/index.html")
    title = typeset_text(escape(TITLE))
    assert plain_text(article.h1.decode_contents()) == title
    assert article.title.get_text().startswith(title + " – ")
    assert article.find("meta", property="og:title")["content"] == title
    byline = article.select_one(".byline")
    authors = [unset(a.get_text()) for a in byline.select('a[rel="author"]')]
    assert authors == [AUTHOR, "Alice & Co"]
    assert unset(byline.select("a")[-1].get_text()) == CATEGORY
    assert [unset(a.get_text()) for a in article.select('a[rel="tag"]')] == [TAG, "3 < 5 & co"]
    filters = [s["data-pagefind-filter"] for s in article.select("span[data-pagefind-filter]")]
    assert f"category:{CATEGORY}" in filters and f"author:{AUTHOR}" in filters
    home = soup("index.html")
    assert "<img src=x onerror=" in home.select_one(".summary-text").get_text()
    assert not home.select(".summary-text img")


def test_feeds_carry_each_value_as_written(site):
    feeds = sorted(p for p in (site.output / "feeds").rglob("*.xml"))
    assert len(feeds) >= 8
    title = typeset_text(escape(TITLE))
    seen = set()
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.bozo_exception)
        for entry in parsed.entries:
            seen.add(entry.title)
            assert "&amp;" not in entry.title and "&lt;" not in entry.title, (path, entry.title)
            if entry.title == title:
                names = [a["name"] for a in entry.get("authors", [])]
                assert AUTHOR in names and "Alice & Co" in names, (path, names)
                terms = {t["term"] for t in entry.get("tags", [])}
                assert {CATEGORY, TAG, "3 < 5 & co"} <= terms, (path, terms)
    assert title in seen
    assert typeset_text('Projet "x" &amp; 3 &lt; 5') not in seen  # projects have no feed
    assert typeset_text('Rencontre "2024" &amp; co') in seen
    assert typeset_text('Lettre "spéciale" &amp; 3 &lt; 5') in seen


def test_the_letters_email_shows_each_title_once_escaped(site):
    raw = (site.output / "lettre/2024-s19/2024-s19.eml").read_bytes()
    message = email.message_from_bytes(raw, policy=policy.SMTP)
    letter = typeset_text('Lettre "spéciale" &amp; 3 &lt; 5')
    assert message["Subject"] == letter
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    soup = BeautifulSoup(html, "lxml")
    assert soup.title.get_text() == letter == soup.h1.get_text()
    titles = [plain_text(h.decode_contents()) for h in soup.select("h3")]
    assert typeset_text(escape(TITLE)) in titles
    for element in soup.find_all(True):
        assert not [a for a in element.attrs if a.startswith("on")], str(element)[:200]
    for doubled in ("&amp;amp;", "&amp;lt;", "&lt;sup"):
        assert doubled not in html
    assert "&amp;" not in text and "&lt;" not in text
    assert typeset_text(escape(TITLE)) in re.sub(r"[ \r\n]+", " ", text)
