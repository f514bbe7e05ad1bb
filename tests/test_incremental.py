"""What the fast path builds is what a clean build builds, after every kind of edit.

The fast path is the one `invoke livereload` takes: the same output folder,
atomic builds, the reader's results, the photos and the up-to-date record
kept between builds. After each edit a volunteer or a maintainer makes (add,
change a body, change a title and tags, rename, delete, break then fix, add a
photo, change a template), its output is compared byte for byte with a build
from scratch: empty caches, a new folder.
"""

from __future__ import annotations

import shutil

import pytest
from cases.corpus import article
from cases.runner import atomic_build, tree_hash, write_tree

from conftest import ROOT
from photos import phone_jpeg

EVENT = "Title: Fête\nStart: 2024-06-01\nPlace: Lille\n\nRécit.\n"  # the feeds' dates stay fixed


def edits(content, theme):
    """(what, change) pairs, applied in order."""
    a = content / "articles/2024/a.md"

    def write(path, text):
        return lambda: (
            path.parent.mkdir(parents=True, exist_ok=True),
            path.write_text(text, encoding="utf-8"),
        )

    testimony = content / "guestbook/e/t.md"
    yield "add an article", write(content / "articles/2024/b.md", article(title="Un deuxième"))
    yield (
        "add a testimonial",
        write(testimony, "Author: Zoé\nEvent: e\nDate: 2024-06-01\n\nBien.\n"),
    )
    yield (
        "change its text only",
        write(testimony, "Author: Zoé\nEvent: e\nDate: 2024-06-01\n\nTrès bien.\n"),
    )
    yield "change a body", write(a, article("Tags: communs", body="Un texte changé."))
    yield "change a title and tags", write(a, article("Tags: jardin, fête", title="Nouveau titre"))
    yield (
        "rename a file",
        lambda: (content / "articles/2024/b.md").rename(content / "articles/2024/c.md"),
    )
    yield "delete a file", lambda: (content / "articles/2024/c.md").unlink()
    yield "break a file", write(a, article(date="2024-13-01"))
    yield "fix it", write(a, article("Tags: jardin", title="Réparé"))
    yield (
        "add a photo",
        lambda: (
            (content / "images").mkdir(exist_ok=True),
            (content / "images/cour.jpg").write_bytes(phone_jpeg(900, 600)),
            write(a, article(body="![La cour]({static}/images/cour.jpg)"))(),
        ),
    )
    yield (
        "change a template",
        write(
            theme / "templates/includes/to_top.html", '<p><a href="#haut">Retour en haut</a></p>\n'
        ),
    )


@pytest.fixture
def project(tmp_path):
    content = write_tree(
        tmp_path / "content",
        {
            "articles/2024/a.md": article("Tags: communs"),
            "pages/p.md": "Title: Page\n\nTexte.\n",
            "events/2024/e.md": EVENT,
        },
    )
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    return content, theme, tmp_path


@pytest.mark.slow
def test_after_each_edit_the_fast_path_builds_what_a_clean_build_builds(project):
    content, theme, root = project
    warm = {
        "CONTENT_READER_CACHE": True,
        "IMAGES_CACHE": True,
        "THEME": str(theme),
        "CACHE_PATH": str(root / "cache"),
    }
    code, log = atomic_build(content, root / "site", extra=warm)
    assert code == 0, log
    for step, (what, change) in enumerate(edits(content, theme)):
        change()
        code, log = atomic_build(content, root / "site", extra=warm)
        clean = {**warm, "CACHE_PATH": str(root / f"clean-cache-{step}")}
        expected, clean_log = atomic_build(content, root / f"clean-{step}", extra=clean)
        assert code == expected, (what, log, clean_log)
        if code == 0:
            assert tree_hash(root / "site") == tree_hash(root / f"clean-{step}"), what
        else:
            assert log.count("erreur :") == clean_log.count("erreur :"), what
