"""The one reader: each file read once, a pure function, cached by content hash.

A volunteer whose file is refused reads French only: the report and one
closing line, no traceback, no English CRITICAL line. A bug of the site says
so in French, then shows its traceback. The result of reading a file is plain
data: a process pool can compute it, a cache can keep it, and a second build
with nothing changed reads no file again and writes the same bytes.
"""

from __future__ import annotations

import builtins
import copy
import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

from cases.corpus import article
from cases.runner import DEV_SETTINGS, ROOT, tree_hash, write_tree
from pelican.settings import DEFAULT_CONFIG, read_settings

from catalyst.model.reader.read import read_file
from conftest import build_site
from photos import png
from plugins.content_reader import ContentReader, reader_config

REFUSED = "Échec : le site n’a pas été construit ; corrigez les problèmes ci-dessus."


def _catalyst(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "catalyst", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
        check=False,
    )


def test_a_refused_file_gives_french_only_and_exit_code_1(tmp_path):
    content = write_tree(tmp_path / "content", {"articles/2024/a.md": article("Tags : x")})
    done = _catalyst("build", str(content), "-o", str(tmp_path / "out"))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "CRITICAL" not in done.stderr
    assert done.stderr.rstrip().endswith(REFUSED)
    assert "content/articles/2024/a.md:5 — ligne d’en-tête illisible" in done.stderr


def test_a_bug_of_the_site_says_so_in_french_then_shows_its_traceback(tmp_path):
    plugins = tmp_path / "plugins"
    write_tree(
        plugins,
        {
            "cassant.py": (
                "from pelican import signals\n\n\ndef casse(generators):\n"
                "    raise ZeroDivisionError('division par zéro')\n\n\ndef register():\n"
                "    signals.all_generators_finalized.connect(casse)\n"
            )
        },
    )
    content = write_tree(tmp_path / "content", {"articles/2024/a.md": article()})
    names = [*read_settings(str(DEV_SETTINGS))["PLUGINS"], "cassant"]
    extra = [f'PLUGIN_PATHS=["{plugins}"]', "PLUGINS=" + str(names).replace("'", '"')]
    done = _catalyst("build", str(content), "-o", str(tmp_path / "out"), "-e", *extra)
    assert done.returncode == 2
    sentence = done.stderr.index("c’est un bug du site, pas de votre texte")
    assert sentence < done.stderr.index("Traceback") < done.stderr.index("ZeroDivisionError")


def test_an_unreadable_file_is_one_french_problem(tmp_path, monkeypatch):
    path = (
        write_tree(tmp_path / "content", {"articles/2024/a.md": article()}) / "articles/2024/a.md"
    )
    settings = {**copy.deepcopy(DEFAULT_CONFIG), "PATH": str(tmp_path / "content")}
    reader = ContentReader(settings)
    opened = builtins.open

    def refuse(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied")
        return opened(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refuse)
    content, metadata = reader.read(str(path))
    assert (content, metadata) == ("", {"status": "skip"})
    [problem] = reader.context["content_problems"].problems
    assert problem.message == "fichier illisible (permission refusée)"
    assert "chmod a+r" in problem.fix


def _config():
    return reader_config({**copy.deepcopy(DEFAULT_CONFIG), **read_settings(str(DEV_SETTINGS))})


def test_reading_is_a_pure_function_a_process_pool_can_run(tmp_path):
    files = {
        f"articles/2024/a{n}.md": article(f"Tags: t{n}", body=f"Texte « {n} » !") for n in range(4)
    }
    content = write_tree(tmp_path / "content", files)
    config = _config()
    jobs = [(str(content / rel), (content / rel).read_bytes(), rel, config) for rel in files]
    here = [read_file(*job) for job in jobs]
    with ProcessPoolExecutor(max_workers=2) as pool:
        there = list(pool.map(read_file, *zip(*jobs, strict=True)))
    assert there == here
    assert here[1].html == "<p>Texte «\u202f1\u202f»\u202f!</p>"
    assert here[1].values["tags"] == ["t1"]


COUNTING_BUILD = """
import sys
import plugins.content_reader as reader
import catalyst.model.reader.ahead as ahead
from catalyst.tools.build import run

calls = []
original = reader.read_file
reader.read_file = ahead.read_file = lambda *args: calls.append(args[2]) or original(*args)
content, out, cache = sys.argv[1:4]
for n in (1, 2):
    before = len(calls)
    code = run("pelicanconf.py", content=content, output=f"{out}{n}",
               overrides={"CACHE_PATH": cache, "SEARCH_INDEX": False}).code
    print(f"build {n}: exit {code}, {len(calls) - before} files read")
"""


def test_a_second_build_reads_no_file_again_and_writes_the_same_bytes(tmp_path):
    files = {
        "articles/2024/a.md": article("Tags: communs", body="![](photo.png)\n\nTexte."),
        "articles/2024/photo.png": png(320, 240),
        "articles/2024/b.md": article(title="Un autre"),
        "pages/p.md": "Title: Page\n\nTexte : oui.\n",
        "events/2024/e.md": "Title: Fête\nStart: 2024-06-01\nPlace: Lille\n\nCompte rendu.\n",
    }
    content = write_tree(tmp_path / "content", files)
    out = str(tmp_path / "out")
    done = subprocess.run(
        [sys.executable, "-c", COUNTING_BUILD, str(content), out, str(tmp_path / "cache")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "build 1: exit 0, 4 files read" in done.stdout, done.stdout + done.stderr
    assert "build 2: exit 0, 0 files read" in done.stdout, done.stdout + done.stderr
    assert done.stderr.count("image sans texte alternatif") == 2  # the warning survives a hit
    assert tree_hash(tmp_path / "out1") == tree_hash(tmp_path / "out2")


def test_every_plugin_works_with_its_settings_absent(tmp_path):
    settings = tmp_path / "bare.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        "del LICENSING_DEFAULT, SYNDICATION_ATTRIBUTION, COLLECTIONS_REPOSITORY, "
        "COLLECTIONS_BRANCH, COLLECTIONS_EMAIL, CONTENT_READER_CACHE, LOG_FILTER\n",
        encoding="utf-8",
    )
    content = write_tree(tmp_path / "content", {"articles/2024/a.md": article()})
    done = _catalyst("build", str(content), "-s", str(settings), "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "out" / "2024" / "a" / "index.html").read_text(encoding="utf-8")
    assert "creativecommons.org/licenses/by-sa/4.0" in page


FINGERPRINT = (
    "from pelican.settings import read_settings; "
    "from plugins.content_reader import reader_config; "
    "from plugins.content_reader.cache import fingerprint; "
    "print(fingerprint(reader_config(read_settings('pelicanconf.py'))))"
)


def test_the_cache_key_is_the_same_in_every_process():
    """Hash randomisation differs per process: nothing in the key may depend on it."""
    seen = {
        subprocess.run(
            [sys.executable, "-c", FINGERPRINT],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(seen) == 1


def test_the_menu_follows_order_as_a_number(make_site):
    build = make_site(
        {
            "pages/dixieme.md": "Title: Dixième\nOrder: 10\n\nTexte.\n",
            "pages/deuxieme.md": "Title: Deuxième\nOrder: 2\n\nTexte.\n",
        }
    )
    assert build.returncode == 0, build.log
    menu = [a.get_text(strip=True) for a in build.html("").select("header nav a")]
    assert menu.index("Deuxième") < menu.index("Dixième")


def test_a_content_folder_that_does_not_exist_is_said_in_french(tmp_path):
    done = _catalyst("check", str(tmp_path / "nulle-part"))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"Dossier introuvable : {tmp_path / 'nulle-part'}" in done.stderr


def test_files_read_ahead_on_every_core_give_the_same_site_as_one_by_one(tmp_path):
    files = {
        f"articles/2024/a{i:02d}.md": article(
            f"Tags: t{i % 3}", title=f"Texte {i}", body=f"Texte : {i} !"
        )
        for i in range(40)
    }
    files["events/2024/e.md"] = "Title: Fête\nStart: 2024-06-01\nPlace: Lille\n\nRécit.\n"
    files["articles/2024/casse.md"] = article(title="Cassé", date="2024-13-01")
    content = write_tree(tmp_path / "content", files)
    logs = []
    for workers in (2, 1):
        build = build_site(
            content,
            tmp_path / f"out-{workers}",
            extra={"SEARCH_INDEX": False, "CONTENT_READER_WORKERS": workers},
        )
        assert build.returncode == 1  # the same problem, reported the same way
        logs.append(build.log)
    assert logs[0] == logs[1] and "casse.md:2" in logs[0]
    (content / "articles/2024/casse.md").unlink()
    for workers in (2, 1):
        build = build_site(
            content,
            tmp_path / f"ok-{workers}",
            extra={"SEARCH_INDEX": False, "CONTENT_READER_WORKERS": workers},
        )
        assert build.returncode == 0, build.log
    assert tree_hash(tmp_path / "ok-2") == tree_hash(tmp_path / "ok-1")


def test_comments_in_a_text_are_notes_for_its_writers_never_published(tmp_path):
    text = article(
        body=(
            "Premier paragraphe.\n\n<!--\nÀ faire : une photo.\nTags: à ajouter\n-->\n\n"
            "Suite <!-- à vérifier --> du texte.\n\n```\n<!-- un exemple de code -->\n```"
        )
    )
    build = build_site(
        write_tree(tmp_path / "content", {"articles/2024/a.md": text}), tmp_path / "output"
    )
    assert build.returncode == 0, build.log
    published = [
        p.read_text(encoding="utf-8")
        for p in build.output.rglob("*")
        if p.suffix in (".html", ".xml")
    ]
    assert not any("À faire" in page or "à vérifier" in page for page in published)
    page = build.html("2024/a/")
    assert "Premier paragraphe." in page.text and "Suite" in page.text
    assert "&lt;!-- un exemple de code --&gt;" in str(page.find("code"))  # code stays code
    assert not page.select(".body p:empty")
