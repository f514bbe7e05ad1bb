"""`invoke new`: one command writes a valid new text of any type, never overwrites, never waits.

The task runs as a volunteer runs it, in a copy of the project whose content
folder starts empty: each type the content model declares, then `invoke check`
on the result; the same title twice; no terminal; a terminal that answers.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pelican.settings import read_settings

from conftest import DEV_SETTINGS, ROOT

INVOKE = [sys.executable, "-m", "invoke"]


@pytest.fixture
def project(tmp_path):
    """A project whose code is this one's and whose content/ is empty."""
    root = tmp_path / "projet"
    root.mkdir()
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, root / name)
    for name in ("catalyst", "plugins", "theme"):
        (root / name).symlink_to(ROOT / name)
    (root / "content").mkdir()
    return root


def new(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*INVOKE, "new", *args],
        cwd=project,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def check(project: Path) -> subprocess.CompletedProcess:
    command = [
        sys.executable,
        "-m",
        "catalyst",
        "check",
        "content",
        "-s",
        "pelicanconf.py",
        "-e",
        f'CACHE_PATH="{project / "cache"}"',
    ]
    return subprocess.run(
        command,
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONPATH": str(project)},
    )


def test_every_type_is_created_valid_at_its_place(project):
    made = [
        new(
            project,
            "evenement",
            "Rencontres ROUMICS 2012",
            "--debut",
            "2012-11-23",
            "--lieu",
            "Lille",
        ),
        new(
            project,
            "temoignage",
            "--evenement",
            "rencontres-roumics-2012",
            "--auteur",
            "Camille Durand",
        ),
        new(project, "article", "La fête des communs à Lille", "--auteurs", "Karim Benali"),
        new(project, "projet", "Un jardin partagé", "--etat", "idée"),
        new(project, "page", "Nous rejoindre"),
        new(project, "lettre"),
    ]
    for result in made:
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Créé : content/" in result.stdout
    files = sorted(
        p.relative_to(project / "content").as_posix() for p in (project / "content").rglob("*.md")
    )
    today = _site_today()  # the new text's date is the site's, not this machine's
    week = today.strftime("%G-s%V")
    assert files == sorted(
        [
            "events/2012/rencontres-roumics-2012.md",
            "guestbook/rencontres-roumics-2012/camille-durand.md",
            f"articles/{today:%Y}/la-fete-des-communs-a-lille.md",
            "projects/un-jardin-partage.md",
            "pages/nous-rejoindre.md",
            f"lettre/{week}.md",
        ]
    )
    article = (
        project / "content/articles" / f"{today:%Y}" / "la-fete-des-communs-a-lille.md"
    ).read_text(encoding="utf-8")
    header = article.split("\n\n", 1)[0].splitlines()
    assert header == [
        "Title: La fête des communs à Lille",
        f"Date: {today:%Y-%m-%d}",
        "Authors: Karim Benali",
    ]
    assert "Summary: …" in article and "<!--" in article  # the other fields, with their help
    assert "Aperçu : " in made[2].stdout and "/la-fete-des-communs-a-lille/" in made[2].stdout
    checked = check(project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Aucune erreur" in checked.stdout


def test_a_required_value_missing_without_a_terminal_is_an_example_to_complete(project):
    result = new(project, "evenement", "Un atelier", "--debut", "2026-12-05")
    assert result.returncode == 0, result.stderr
    assert "À compléter : Place (Lieu)" in result.stdout
    text = (project / "content/events/2026/un-atelier.md").read_text(encoding="utf-8")
    assert "Place: Nom du lieu" in text and "Start: 2026-12-05" in text


def test_the_same_title_twice_is_refused_and_the_first_file_kept(project):
    assert new(project, "article", "Deux fois", "--auteurs", "A B").returncode == 0
    written = next((project / "content").rglob("deux-fois.md"))
    first = written.read_bytes()
    written.write_bytes(first + b"\nMa suite.\n")
    again = new(project, "article", "Deux fois", "--auteurs", "C D")
    assert again.returncode == 1
    assert "Rien n’a été écrit" in again.stderr and "existe déjà" in again.stderr
    assert written.read_bytes() == first + b"\nMa suite.\n"


@pytest.mark.parametrize(("args", "said"), [
    (("article",), "il manque « Titre »"),
    ((), "donnez le type"),
    (("poeme", "Un titre"), "type « poeme » inconnu"),
    (("article", "Un titre", "--debut", "2026-01-01"), "--debut ne s’applique pas à un article"),
    (("evenement", "Un titre", "--debut", "05/12/2026"), "« 2026-12-05 »"),
])  # fmt: skip
def test_without_a_terminal_nothing_waits_and_a_mistake_is_said_in_french(project, args, said):
    result = new(project, *args)  # stdin closed: a prompt would fail or hang
    assert result.returncode == 1
    assert "Rien n’a été écrit" in result.stderr and said in result.stderr
    assert "Traceback" not in result.stderr
    assert not list((project / "content").rglob("*.md"))


def test_in_a_terminal_the_missing_title_is_asked_for(project):
    master, slave = os.openpty()
    process = subprocess.Popen(
        [*INVOKE, "new", "article", "--auteurs", "A B"],
        cwd=project,
        stdin=slave,
        stdout=slave,
        stderr=slave,
    )
    os.close(slave)
    said = _read_until(master, "Titre")
    assert "le titre" in said  # the field's help
    os.write(master, "Une question posée\n".encode())
    said += _read_until(master, "Aperçu")
    process.wait(timeout=60)
    os.close(master)
    assert process.returncode == 0, said
    assert list((project / "content").rglob("une-question-posee.md"))


def _read_until(fd: int, marker: str, seconds: float = 60) -> str:
    seen, deadline = b"", time.monotonic() + seconds
    while marker.encode() not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                seen += os.read(fd, 4096)
            except OSError:
                break
    return seen.decode("utf-8", "replace")


@pytest.mark.parametrize(("args", "option", "said"), [
    (("article", "Un\ntitre", "--auteurs", "A B"), "--titre", "U+000A, retour à la ligne"),
    (("article", "Un titre", "--auteurs", "Alice\nTags: piège"), "--auteurs", "U+000A"),
    (("article", "Un titre", "--auteurs", "A\tB"), "--auteurs", "U+0009, tabulation"),
    (("evenement", "Atelier", "--debut", "2026-12-05", "--lieu", "Lille\r"), "--lieu", "U+000D"),
    (("projet", "Un jardin\u2028partagé", "--etat", "idée"), "--titre", "U+2028"),
])  # fmt: skip
def test_a_value_that_is_not_one_visible_line_is_refused_naming_its_option(
    project, args, option, said
):
    result = new(project, *args)
    assert result.returncode == 1
    assert f"Rien n’a été écrit : {option}\u00a0: caractère de contrôle interdit ({said}" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not list((project / "content").rglob("*.md"))


def test_a_nul_character_is_refused_before_anything_is_written(project):
    from catalyst.tools.new_content import NewError, run

    with pytest.raises(NewError, match=r"--titre\u00a0: .*U\+0000, caractère nul"):
        run(project / "pelicanconf.py", project / "content", "article", "Nul\x00", {}, ask=None)
    assert not list((project / "content").rglob("*"))


def test_a_testimonial_for_an_unknown_event_is_refused_naming_the_known_ones(project):
    assert new(project, "evenement", "Fête des communs", "--debut", "2026-05-02").returncode == 0
    result = new(project, "temoignage", "--evenement", "fete-des-commun", "--auteur", "A B")
    assert result.returncode == 1
    said = " ".join(result.stderr.split())
    assert "--evenement : aucun événement « fete-des-commun » sur le site" in said
    assert "ceux qui existent : fete-des-communs" in said
    assert not (project / "content/guestbook").exists()  # no folder for an event that is not


def test_a_5000_character_name_gives_a_file_whose_name_is_cut_at_a_word(project):
    event = "Rencontres ROUMICS 2012"
    assert new(project, "evenement", event, "--debut", "2012-11-23").returncode == 0
    name = "Camille Durand " * 333 + "Fin"  # 5,000 characters: its slug would be 5,000 too
    result = new(project, "temoignage", "--evenement", "rencontres-roumics-2012", "--auteur", name)
    assert result.returncode == 0, result.stdout + result.stderr
    [written] = (project / "content/guestbook/rencontres-roumics-2012").iterdir()
    assert written.name == "-".join(["camille-durand"] * 5) + ".md"  # 74: a sixth goes over 80
    assert f"Author: {name}\n" in written.read_text(encoding="utf-8")  # the name keeps every word


def test_a_long_title_keeps_every_word_and_names_its_file_within_80_characters(project):
    title = "Les communs numériques en Hauts-de-France, " * 3 + "une histoire"  # 142 characters
    assert new(project, "page", title).returncode == 0
    [written] = (project / "content/pages").iterdir()
    kept = "les-communs-numeriques-en-hauts-de-france-les-communs-numeriques-en-hauts-de"
    assert written.stem == kept  # 76 characters: « -france » would go over 80
    assert written.read_text(encoding="utf-8").startswith(f"Title: {title}\n")


def test_a_5000_character_title_is_refused_cleanly(project):
    result = new(project, "article", "Un titre " * 555, "--auteurs", "A B")
    assert result.returncode == 1
    assert "Rien n’a été écrit : --titre" in result.stderr and "150 au plus" in result.stderr
    assert "Traceback" not in result.stderr


def _site_today() -> datetime:
    return datetime.now(ZoneInfo(read_settings(str(DEV_SETTINGS))["TIMEZONE"]))
