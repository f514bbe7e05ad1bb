"""Every HTML page (and the stylesheet) passes the Nu HTML checker, the W3C's validator.

vnu.jar comes from the npm package `vnu-jar`, pinned in quality/package.json and
installed by `./bootstrap.sh --dev` (`npm ci --ignore-scripts`: its install script
would download a Java runtime; Debian's is used instead). The JVM takes seconds to
start, so the whole output folder is checked in one run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from quality.pages import EDITOR_FOLDER, in_editor

HERE = Path(__file__).resolve().parent
VNU_JAR = HERE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL = "./bootstrap.sh --dev (or: npm ci --ignore-scripts --prefix quality)"


class ToolMissing(RuntimeError):
    """A checker cannot run on this machine; the message says how to install it."""


@dataclass(frozen=True)
class Message:
    file: str  # relative to the checked folder
    line: int
    kind: str  # "error" or "warning"
    text: str
    extract: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line} — {self.text}"


@dataclass
class ValidationReport:
    version: str = ""
    files: int = 0
    messages: list[Message] = field(default_factory=list)

    @property
    def errors(self) -> list[Message]:
        return [m for m in self.messages if m.kind == "error"]

    @property
    def warnings(self) -> list[Message]:
        return [m for m in self.messages if m.kind == "warning"]

    def errors_in(self, file: str) -> int:
        return sum(1 for m in self.errors if m.file == file)


def vnu_command() -> list[str]:
    jar = Path(os.environ.get("VNU_JAR", VNU_JAR))
    if not jar.is_file():
        raise ToolMissing(f"The Nu HTML checker is not installed ({jar}): run {INSTALL}.")
    java = shutil.which("java")
    if java is None:
        raise ToolMissing(
            "Java is missing, the Nu HTML checker needs it: run ./bootstrap.sh --dev "
            "(or: apt-get install default-jre-headless)."
        )
    # A deeper thread stack: vnu's schema checks recurse on long pages.
    return [java, "-Xss1024k", "-jar", str(jar)]


def validate(folder: Path, *, files: Iterable[Path] | None = None) -> ValidationReport:
    """Check every .html and .css file under `folder` (or only `files`), but the web editor's
    (quality.pages.EDITOR_FOLDER: Decap's page, not ours)."""
    folder = folder.resolve()
    targets = sorted(files) if files is not None else _checked_files(folder)
    html = [t for t in targets if t.suffix != ".css"]
    css = [t for t in targets if t.suffix == ".css"]
    report = ValidationReport(files=len(html))
    html_options = []
    if files is None and html:  # its folders: no command line too long for big sites
        html = sorted(
            p
            for p in folder.iterdir()
            if (p.is_dir() and p.name + "/" != EDITOR_FOLDER) or p.suffix == ".html"
        )
        html_options = ["--skip-non-html"]
    # Two runs side by side: with --also-check-css, vnu 26.9 reports HTML lines off by one.
    runs = [
        subprocess.Popen(
            [*vnu_command(), "--format", "json", *options, *map(str, group)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for group, options in ((html, html_options), (css, ["--css"]))
        if group
    ]
    for run in runs:
        _, stderr = run.communicate()
        _read_messages(stderr, folder, report)
    return report


def _read_messages(answer: str, folder: Path, report: ValidationReport) -> None:
    try:
        data = json.loads(answer)
    except json.JSONDecodeError as error:
        raise RuntimeError(f"vnu did not answer in JSON: {answer[:2000]}") from error
    report.version = data.get("version", "")
    for message in data.get("messages", []):
        kind = message.get("type")
        if kind == "info" and message.get("subType") != "warning":
            continue  # plain information, not a problem
        path = Path(unquote(urlsplit(message.get("url", "")).path))
        report.messages.append(
            Message(
                file=(path.relative_to(folder) if path.is_relative_to(folder) else path).as_posix(),
                line=message.get("lastLine", 0),
                kind="warning" if kind == "info" else "error",  # error, non-document-error
                text=message.get("message", ""),
                extract=message.get("extract", ""),
            )
        )


def _checked_files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix in (".html", ".css") and not in_editor(folder, p)
    )
