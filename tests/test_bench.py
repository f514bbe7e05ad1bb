"""`invoke bench` runs end to end on a small corpus and writes figures a reader can check.

No figure is asserted against a time (the machine is noisy): the benchmark is
checked for what it builds and what it writes, not for how fast it is.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, build_site

sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import generate

pytestmark = pytest.mark.slow


def test_the_synthetic_corpus_is_valid_content_of_every_type(tmp_path):
    counts = generate(tmp_path / "content", 60)
    assert counts["articles"] == 60 and counts["photos"] == 2
    assert all(counts[k] >= 1 for k in ("events", "testimonials", "projects", "letters"))
    build = build_site(tmp_path / "content", tmp_path / "output", extra={"SEARCH_INDEX": False})
    assert build.returncode == 0, build.log
    assert "erreur" not in build.log and "avertissement" not in build.log
    article = build.html("2019/article-00001/")
    assert article.select(".footnote") and article.select('.body a[href^="/20"]')


def test_the_benchmark_writes_its_figures_as_json_and_a_table(tmp_path):
    results = ROOT / "benchmarks" / "results"
    done = subprocess.run(
        [
            sys.executable,
            "benchmarks/bench.py",
            "--size",
            "40",
            "--runs",
            "1",
            "--keep",
            str(tmp_path / "bench"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads((results / "bench-40.json").read_text())
    for key in (
        "ours_cold",
        "vanilla_cold",
        "ours_nothing_changed",
        "ours_one_body_changed",
        "ours_title_and_tags_changed",
    ):
        assert figures[key]["seconds"] > 0 and figures[key]["peak_mib"] > 0
    assert figures["output"]["ours_files"] > 40 and figures["output"]["vanilla_files"] > 40
    assert figures["search"]["first_query"]["bytes"] > 0
    assert figures["preview"]["seconds"] > 0 and len(figures["preview"]["runs"]) == 1
    table = (results / "bench-40.md").read_text(encoding="utf-8")
    assert "| full cold build |" in table and "vanilla Pelican" in table
    assert Path(tmp_path / "bench" / "vanilla-0" / "index.html").is_file()
