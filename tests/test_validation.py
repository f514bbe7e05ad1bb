"""Valid content, however unusual, is published; warnings only stop `publish`.

The bad inputs live in tests/cases/corpus.py (test_validation_cases.py). Here:
accents, emoji, guillemets, very long bodies, code that shows HTML, a video
written as `!vidéo[…](…)`; images without alt text (a warning); an exception
inside Pelican's reading, reported like any other problem; the real site,
clean even with the production settings; what `invoke check --inventory` lists.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from cases.corpus import article
from cases.runner import DEV_SETTINGS, PUBLISH_SETTINGS, ROOT, check_command, parse_report
from pelican.settings import read_settings

from catalyst.model.reader.markup import check_html
from photos import png
from plugins.content_validation.inventory import walk

PARAGRAPH = "Les communs numériques, c’est « faire avec » : 🌱 jardins partagés, été 2024. "
UNUSUAL = {
    "articles/2024/fete-des-communs.md": article(
        "Category: Vie du collectif",
        "Tags: communs, été, 🌱 jardins",
        "License: cc-by-4.0",
        title="« Communs » : et maintenant ? 🎉",
        body=textwrap.dedent(
            """\
            ![Le jardin en été]({static}/images/jardin-été.png)

            !vidéo[La conférence de clôture](https://www.youtube.com/watch?v=hBs1VGhNHuM)

            Une <abbr title="Association nationale">ANIS</abbr> ouverte[^1].

            | Lieu | Date |
            |:-----|-----:|
            | Lille | 2024 |

            ```html
            <script>alert("montré, pas exécuté")</script>
            <iframe src="https://example.org"></iframe>
            ```

            Un `<iframe>` dans du code n’est que du texte.

            [^1]: Depuis 2001.
            """
        )
        + "\n\n".join([PARAGRAPH * 20] * 60)
        + "\n\nFin du très long texte.",
    ),
    "articles/2024/en-cours.md": article("Status: draft", title="Pas encore prêt"),
    "pages/l-équipe.md": "Title: L’équipe, c’est qui ?\nOrder: 2\n\nZoé, Jean-Éric et 🐝.\n",
    "images/jardin-été.png": png(),
    "images/inutilisée.png": png(),
    "images/.DS_Store": b"\x00\x00",
    "articles/2024/fete-des-communs.md~": "une sauvegarde de l’éditeur",
    "articles/2024/avec-plan.md": article(
        title="Avec un plan", body="![Le plan]({attach}plan.png)"
    ),
    "articles/2024/plan.png": png(),
    "articles/2024/vieux-mac.md": article(title="Écrit sur un vieux Mac").replace("\n", "\r"),
    "pages/.#l-équipe.md": "un verrou de l’éditeur",
    "articles/2023/.gitkeep": b"",
    "extra/google1234.html": "google-site-verification: google1234.html",
}


@pytest.fixture(scope="module")
def unusual(tmp_path_factory):
    from conftest import build_site, write_files

    root = tmp_path_factory.mktemp("unusual")
    content = root / "content"
    for name, data in UNUSUAL.items():
        if isinstance(data, bytes):
            (content / name).parent.mkdir(parents=True, exist_ok=True)
            (content / name).write_bytes(data)
        else:
            write_files(content, {name: data})
    return build_site(content, root / "output")


def test_unusual_but_valid_content_builds_without_a_problem(unusual):
    assert unusual.returncode == 0, unusual.log
    assert not parse_report(unusual.log), unusual.log


def test_title_with_guillemets_question_mark_and_emoji_appears(unusual):
    page = unusual.html("2024/fete-des-communs/")
    title = page.select_one("h1").get_text()
    assert "Communs" in title and "maintenant" in title and "🎉" in title
    assert "Fin du très long texte." in page.get_text()


def test_video_is_a_plain_link_with_its_host_named(unusual):
    page = unusual.html("2024/fete-des-communs/")
    figure = page.select_one("figure.video")
    assert figure.a["href"] == "https://www.youtube.com/watch?v=hBs1VGhNHuM"
    assert "La conférence de clôture" in figure.a.get_text()
    assert "YouTube" in figure.figcaption.get_text()
    assert page.select("iframe, script[src], object, embed") == []


def test_html_shown_in_code_is_escaped_not_refused(unusual):
    page = unusual.html("2024/fete-des-communs/")
    assert "<script>" in page.select_one("pre code").get_text()
    assert page.select(".body script") == []


def test_page_with_accented_file_name_is_published(unusual):
    assert "Zoé" in unusual.html("l-equipe/").get_text()


def test_static_html_file_is_copied_as_it_is(unusual):
    assert (unusual.output / "extra/google1234.html").read_text().startswith("google-site")


IMAGE_WITHOUT_ALT = {
    "articles/2024/photo.md": article(body="![]({static}/images/photo.png)"),
    "images/photo.png": png(),
}


def test_image_without_alt_is_a_warning_that_does_not_stop_a_preview(make_site):
    build = make_site(IMAGE_WITHOUT_ALT)
    assert build.returncode == 0, build.log
    warnings = [r for r in parse_report(build.log) if r.severity == "avertissement"]
    assert [(w.path, w.line) for w in warnings] == [("content/articles/2024/photo.md", 6)]
    assert "image sans texte alternatif" in warnings[0].text
    assert build.exists("2024/photo/")


def test_a_check_that_passes_with_warnings_says_last_that_publishing_would_refuse_it(tmp_path):
    from conftest import write_files

    content = write_files(tmp_path / "content", IMAGE_WITHOUT_ALT)
    checked = subprocess.run(
        [sys.executable, "-m", "catalyst", "check", str(content), "-s", str(DEV_SETTINGS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.strip().splitlines()[-1] == (
        "Avant de proposer ce texte : corrigez l’avertissement ci-dessus ; "
        "la publication le refuserait."
    )


def test_image_without_alt_fails_publish(make_site):
    build = make_site(IMAGE_WITHOUT_ALT, settings=PUBLISH_SETTINGS)
    assert build.returncode != 0
    assert "content/articles/2024/photo.md:6 — image sans texte alternatif" in build.log
    assert not build.exists("2024/photo/")


EXPLODING_PLUGIN = """
from pelican import signals


def explode(instance):
    if getattr(instance, "title", "") == "Boum":
        raise RuntimeError("boum")


def register():
    signals.content_object_init.connect(explode)
"""


def test_exception_while_pelican_reads_a_file_is_reported_with_the_file(make_site, tmp_path):
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "exploding.py").write_text(EXPLODING_PLUGIN, encoding="utf-8")
    plugins = [*read_settings(str(DEV_SETTINGS))["PLUGINS"], "exploding"]
    files = {"articles/2024/boum.md": article(title="Boum"), "articles/2024/calme.md": article()}
    build = make_site(files, PLUGIN_PATHS=[str(tmp_path / "plugins")], PLUGINS=plugins)
    assert build.returncode != 0
    reported = parse_report(build.log)
    assert [(r.path, r.line) for r in reported] == [("content/articles/2024/boum.md", None)]
    assert "Pelican n’a pas pu lire ce fichier (RuntimeError : boum)" in reported[0].text
    assert "Could not process" not in build.log  # Pelican says nothing in English


def test_real_site_has_no_error_and_no_warning_even_for_publish():
    code, log = check_command(ROOT / "content", settings=PUBLISH_SETTINGS)
    assert code == 0, log
    assert not parse_report(log), log
    assert "Aucune erreur : " in log


def test_inventory_lists_every_file_with_its_fate(unusual):
    content = unusual.output.parent / "content"
    command = [
        sys.executable,
        "-m",
        "catalyst",
        "check",
        str(content),
        "--inventory",
    ]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    listed = [line.split(maxsplit=2) for line in result.stdout.splitlines() if line[:2] == "  "]
    fate = {path: (state, rest) for state, path, *rest in listed}
    assert fate["content/articles/2024/fete-des-communs.md"] == (
        "publié",
        ["→ /2024/fete-des-communs/"],
    )
    assert fate["content/articles/2024/en-cours.md"][0] == "brouillon"
    assert fate["content/images/jardin-été.png"] == (
        "image",
        ["→ /images/jardin-été-640.jpg (480, 640 px, AVIF et JPEG)"],
    )
    assert fate["content/images/inutilisée.png"] == (
        "inutilisée",
        ["(aucun texte ne la cite : elle n’est pas publiée)"],
    )
    assert fate["content/images/.DS_Store"][0] == "ignoré"
    assert fate["content/articles/2024/vieux-mac.md"][0] == "publié"
    assert fate["content/articles/2024/plan.png"][0] == "image"  # {attach}: published resized
    plan = unusual.html("2024/avec-plan/").select_one(".body picture img")
    assert (unusual.output / plan["src"].lstrip("/")).is_file()
    assert fate["content/articles/2024/fete-des-communs.md~"][0] == "ignoré"
    assert fate["content/pages/.#l-équipe.md"][0] == "ignoré"
    assert len(fate) == sum(1 for p in content.rglob("*") if p.is_file())


def test_symlink_in_the_theme_leading_outside_is_refused(tmp_path):
    theme = tmp_path / "repo" / "theme"
    theme.mkdir(parents=True)
    (theme / "fuite.css").symlink_to("/etc/hostname")
    (theme / "ok.css").write_text("body{}", encoding="utf-8")
    found = {
        path.rsplit("/", 1)[-1]: problem
        for path, problem in walk(str(theme), root=str(tmp_path / "repo"))
    }
    assert found["ok.css"] is None
    assert "lien symbolique vers l’extérieur du dépôt" in found["fuite.css"].message


@pytest.mark.parametrize(
    "html",
    [
        '<a href="https://anis.asso.fr/" title="ANIS">ANIS</a>',
        '<table><tr><th style="text-align: left;">A</th></tr></table>',
        '<p><img alt="Un plan" src="{static}/images/plan.png"></p>',
        "<details><summary>Plus</summary><p>Détails</p></details>",
        "<pre><code>&lt;script&gt;</code></pre>",
    ],
)
def test_safe_html_passes_the_allow_list(html):
    assert check_html(html) == []


@pytest.mark.parametrize(
    "html",
    [
        '<a href="JaVa&#x09;ScRiPt:alert(1)">x</a>',
        "<svg><script>alert(1)</script></svg>",
        '<a href="vbscript:msgbox(1)">x</a>',
        "<object data=x></object>",
        '<form action="https://ex.org"><input></form>',
        "<!--><img src=x onerror=alert(1)>-->",
    ],
)
def test_unsafe_html_is_refused_whatever_its_spelling(html):
    assert [v for v in check_html(html) if v.severity == "erreur"]
