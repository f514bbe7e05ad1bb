"""Drafts can be previewed locally but never reach the published site."""

from __future__ import annotations

import gzip

from conftest import PUBLISH_SETTINGS

DRAFT = {
    "articles/2024/brouillon.md": """
        Title: Pas encore prêt
        Date: 2024-05-02
        Authors: Alice Martin
        Status: draft

        Texte en cours d’écriture.
        """,
    "pages/page-brouillon.md": """
        Title: Page pas encore prête
        Status: draft

        Texte en cours d’écriture.
        """,
    "articles/2024/publie.md": """
        Title: Déjà prêt
        Date: 2024-05-01
        Authors: Alice Martin

        Texte publié.
        """,
    "projects/projet-secret.md": """
        Title: Projet pas encore prêt
        Stage: idée
        Status: draft

        Texte en cours d’écriture.
        """,
}


def readable(path) -> str:
    """A written file's text; the search index's files are gzip-compressed binary."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="ignore")


def test_published_output_contains_no_draft(make_site):
    build = make_site(DRAFT, settings=PUBLISH_SETTINGS)
    assert build.returncode == 0, build.log
    written = [readable(p) for p in build.output.rglob("*") if p.is_file()]
    assert written
    assert not any("pas encore prêt" in text.lower() for text in written)
    assert not any("cours d’écriture" in text for text in written)
    assert build.exists("2024/publie/")


def test_draft_is_previewed_locally_under_brouillons(make_site):
    build = make_site(DRAFT)
    assert build.returncode == 0, build.log
    assert build.exists("brouillons/brouillon/")
    assert build.exists("projets/projet-secret/")  # a project can be a draft (`Stage` is its own)
    home = build.html("")
    assert "Pas encore prêt" not in home.get_text()
