"""Publishing is atomic: readers see the previous site or the new one, never a mix.

Builds run as `invoke build` does (catalyst.tools.release.build_atomically, in a subprocess):
a failed, refused or killed build leaves `output` byte for byte as it was; an
item deleted since the last build is no longer served; the first build over
a real `output/` folder takes it over; one previous build is kept.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time

import pytest
from cases.corpus import article, page
from cases.runner import (
    PUBLISH_SETTINGS,
    ROOT,
    atomic_build,
    atomic_build_command,
    tree_hash,
    write_tree,
)

from catalyst.tools import release

EVENT = "Title: Fête des communs\nStart: 2024-06-01\nPlace: Lille\n\nUn compte rendu.\n"
SITE = {  # an event keeps every feed's <updated> fixed: two builds give the same bytes
    "articles/2024/premier.md": article(title="Premier"),
    "pages/a-propos.md": page(title="À propos"),
    "events/2024/fete.md": EVENT,
    "images/logo.png": b"\x89PNG\r\n\x1a\n",
}


@pytest.fixture
def site(tmp_path):
    content = write_tree(tmp_path / "content", SITE)
    output = tmp_path / "output"
    code, log = atomic_build(content, output)
    assert code == 0, log
    return content, output


def builds(output) -> list[str]:
    return sorted(p.name for p in release.builds_folder(output).iterdir() if p.name != ".lock")


def test_output_is_a_link_to_a_complete_build_readable_by_the_web_server(site):
    _, output = site
    assert output.is_symlink()
    assert (output / "2024/premier/index.html").is_file()
    assert os.stat(output.resolve()).st_mode & 0o755 == 0o755


def test_refused_content_leaves_the_served_site_byte_identical(site):
    content, output = site
    before = tree_hash(output)
    write_tree(content, {"articles/2024/casse.md": article("Categorie: Oups")})
    code, log = atomic_build(content, output)
    assert code != 0
    assert "content/articles/2024/casse.md:5" in log
    assert tree_hash(output) == before
    assert not [name for name in builds(output) if name.endswith(release.PARTIAL)]


def test_deleted_article_is_no_longer_served(site):
    content, output = site
    (content / "articles/2024/premier.md").unlink()
    write_tree(content, {"articles/2024/second.md": article(title="Second")})
    code, log = atomic_build(content, output)
    assert code == 0, log
    assert not (output / "2024/premier/index.html").exists()
    assert (output / "2024/second/index.html").is_file()


def test_article_turned_draft_is_not_published(site):
    content, output = site
    write_tree(content, {"articles/2024/premier.md": article("Status: draft", title="Premier")})
    code, log = atomic_build(content, output, settings=PUBLISH_SETTINGS)
    assert code == 0, log
    assert not (output / "2024/premier/index.html").exists()
    assert not (output / "brouillons").exists()


def test_first_build_takes_over_a_real_output_folder(tmp_path):
    content = write_tree(tmp_path / "content", SITE)
    output = tmp_path / "output"
    write_tree(output, {"2019/ancien/index.html": "<p>périmé</p>"})
    code, log = atomic_build(content, output)
    assert code == 0, log
    assert output.is_symlink()
    assert not (output / "2019/ancien/index.html").exists()
    kept = [name for name in builds(output) if name.endswith("-avant-liens")]
    assert kept, builds(output)  # the old folder is kept as the previous build
    assert (release.builds_folder(output) / kept[0] / "2019/ancien/index.html").is_file()


def test_only_the_previous_build_is_kept(site):
    content, output = site
    for n in range(2):
        (content / "articles/2024/premier.md").write_text(article(title=f"Premier, version {n}"))
        code, log = atomic_build(content, output)
        assert code == 0, log
    assert len(builds(output)) == 2
    assert output.resolve().name in builds(output)


def test_switch_interrupted_after_the_old_folder_moved_is_finished_next_time(site):
    content, output = site
    target = output.resolve()
    output.unlink()  # as if killed between the two renames of the fallback switch
    (output.parent / "output.new").symlink_to(os.path.relpath(target, output.parent))
    code, log = atomic_build(content, output)
    assert code == 0, log
    assert output.is_symlink() and (output / "index.html").is_file()


@pytest.mark.slow
def test_killed_builds_never_change_the_served_site(tmp_path):
    """SIGKILL at random moments of real builds: `output` is one complete build or the other."""
    old = write_tree(tmp_path / "old", SITE)
    new = write_tree(tmp_path / "new", {**SITE, "articles/2024/nouveau.md": article(title="Neuf")})
    reference = tmp_path / "reference"
    assert atomic_build(new, reference)[0] == 0
    complete = {"new": tree_hash(reference)}
    output = tmp_path / "output"
    assert atomic_build(old, output)[0] == 0
    complete["old"] = tree_hash(output)
    started = time.monotonic()
    assert atomic_build(new, tmp_path / "timing")[0] == 0
    duration = time.monotonic() - started
    rng = random.Random()
    delays = []
    for round_ in range(6):
        content = new if round_ % 2 == 0 else old
        served_before = tree_hash(output)
        previous_target = output.resolve()
        delay = rng.uniform(0.0, duration * 1.2)
        delays.append(round(delay, 3))
        process = subprocess.Popen(
            atomic_build_command(content, output),
            cwd=ROOT,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)  # the task and the Pelican it runs
        process.wait()
        served = tree_hash(output)
        assert served in (served_before, complete["new" if content is new else "old"]), delays
        assert tree_hash(previous_target) == served_before, delays  # never written into
    code, log = atomic_build(old, output)
    assert code == 0, log
    assert tree_hash(output) == complete["old"]
    assert not [name for name in builds(output) if name.endswith(release.PARTIAL)], builds(output)


def test_a_build_with_nothing_changed_keeps_the_released_site_as_it_is(site):
    content, output = site
    before, shown = builds(output), output.resolve()
    killed = release.builds_folder(output) / f"20200101-000000-tue{release.PARTIAL}"
    killed.mkdir()  # what a build killed half-way leaves
    code, log = atomic_build(content, output)
    assert code == 0 and "Rien n’a changé" in log
    assert builds(output) == before and output.resolve() == shown  # and the killed one is gone
    code, log = atomic_build(content, output, force=True)  # invoke rebuild
    assert code == 0 and "Rien n’a changé" not in log
    assert output.resolve() != shown


def test_a_full_disk_while_writing_pages_is_said_as_such_never_as_a_bug(tmp_path):
    from conftest import build_site, small_disk

    with small_disk(tmp_path / "petit-disque", "128k") as disk:
        build = build_site(ROOT / "content", disk / "output", extra={"SEARCH_INDEX": False})
    assert build.returncode == 1, build.log
    assert "Disque plein" in build.log and "petit-disque/output" in build.log
    assert "bug du site" not in build.log and "Traceback" not in build.log
