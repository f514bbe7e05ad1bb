"""Lighthouse scores for one page of each type: performance, accessibility, best practices, SEO.

Lighthouse is the npm package `lighthouse`, pinned in quality/package.json and
quality/package-lock.json and installed by ./bootstrap.sh --dev (`npm ci --ignore-scripts`; it
downloads no browser). It runs on Node, in Debian's Chromium (headless, no sandbox, no GPU), on
the pages quality.server serves on 127.0.0.1, one page after the other: runs side by side would
slow each other down, and the performance score measures the CPU time the page takes.

Every category must score at least LIGHTHOUSE_MIN on every page type, as a phone (Lighthouse's
default: a mid-range phone on a slow 4G link) and as a desktop (its desktop preset): the layouts
differ, and so do some audits' results (the size of touch targets, for one). Both are throttled
the "simulate" way, computed from what the page loads and runs: "provided", no throttling,
would make Lighthouse wait 5.25 s of network and CPU silence twice per page, and say nothing
about a phone. Under the minimum, the audits that cost points are listed with their ids and
what they found, as in Lighthouse's own report. About 4–5 s a run: 22 page types take about
1.5 min per form factor.

Nothing leaves the machine. Chromium, even with --disable-background-networking, still asks
Google's servers for the time, its updates and its accounts: every host name but 127.0.0.1
resolves to nothing here (no DNS query is made), so nothing is sent; a page that asks another
host is reported. Lighthouse's error reports (Sentry) are never started: only its command line
starts them, and it is not used.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from quality.browser import CHROMIUM_ARGS, chromium_executable
from quality.html_validator import INSTALL, ToolMissing
from quality.pages import PickedPage
from quality.server import SiteServer

# The gate: every category of every page type scores at least this, on Lighthouse's 0–100 scale
# rounded as its report shows it. 90 is Lighthouse's "good"; the site is small and static, and
# one console error, missing alt text or unlabelled link already costs more than 2 points.
LIGHTHOUSE_MIN = 98
# Performance audits that time the page on this machine's CPU: a busy machine (two cores, a
# test suite beside) costs them points the page did not lose. A performance score under the
# minimum fails only when an audit outside this set costs points too (bytes, formats, layout
# shifts, render-blocking files); otherwise it is reported, never a failure.
CPU_TIMED = frozenset({
    "first-contentful-paint", "largest-contentful-paint", "speed-index", "interactive",
    "total-blocking-time", "max-potential-fid", "mainthread-work-breakdown", "bootup-time",
    "server-response-time",
})  # fmt: skip
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FORM_FACTORS = ("mobile", "desktop")
DEFAULT_FORM_FACTORS = FORM_FACTORS
PAGE_TIMEOUT = 60  # seconds for one page at one form factor; a page takes 4–7 s
RETRIES = 2  # more runs of a page under the minimum in performance: the median of 3 is kept

HERE = Path(__file__).resolve().parent
LIGHTHOUSE_PACKAGE = HERE / "node_modules" / "lighthouse"

# Lighthouse's settings for every page. Its quiet windows (1 s of no network and no CPU work after
# the load, before it measures) are for pages on the Internet; these load from 127.0.0.1 in a
# tenth of a second. bf-cache (weight 0: no score depends on it) navigates away and back.
SETTINGS = {
    "output": "json",
    "onlyCategories": list(CATEGORIES),
    "skipAudits": ["bf-cache"],
    "disableFullPageScreenshot": True,
    "maxWaitForLoad": 15_000,
    "pauseAfterFcpMs": 500,
    "pauseAfterLoadMs": 500,
    "networkQuietThresholdMs": 500,
    "cpuQuietThresholdMs": 500,
    "locale": "en-US",
    "logLevel": "error",
}
# Every host name but 127.0.0.1 resolves to nothing (and no DNS query is made).
ONLY_LOCAL = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"

# One Node process runs every page, as the lighthouse command would (its own Chromium per page,
# started by chrome-launcher with Lighthouse's default flags plus ours): a new command per page
# would cost a Node start and Lighthouse's 5 s exit (a timer it leaves running) each time. A fresh
# browser per page matters: one Chromium remembers that /favicon.ico is missing and does not ask
# again, so only the first page would show the error. Reads the job on stdin, writes a JSON file
# per page. Node resolves the imports from its working directory, the lighthouse package.
RUNNER_JS = """
import fs from 'node:fs';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, {desktopConfig} from 'lighthouse';

async function stop(chrome) {
  const browser = chrome.process;
  const gone = browser.exitCode !== null || browser.signalCode !== null ? Promise.resolve()
    : new Promise(resolve => browser.once('exit', resolve));
  chrome.kill();  // its process group; the profile is ours to delete
  await Promise.race([gone, new Promise(resolve => setTimeout(resolve, 5000))]);
}

const job = JSON.parse(fs.readFileSync(0, 'utf8'));
for (const [index, {url, formFactor}] of job.pages.entries()) {
  const started = Date.now();
  const profile = `${job.folder}/profile-${index}`;
  let chrome, timer, line;
  try {
    fs.mkdirSync(profile);
    chrome = await chromeLauncher.launch({
      chromePath: job.chromePath,
      chromeFlags: job.chromeFlags,
      userDataDir: profile,
      connectionPollInterval: 100,
      maxConnectionRetries: 300,
    });
    const config = formFactor === 'desktop' ? desktopConfig : undefined;
    const run = lighthouse(url, {...job.settings, port: chrome.port}, config);
    run.catch(() => {});  // after a timeout
    const late = new Promise((resolve, reject) => {
      const error = new Error(`no result within ${job.timeout} s`);
      timer = setTimeout(() => reject(error), job.timeout * 1000);
    });
    line = {index, lhr: (await Promise.race([run, late])).lhr};
  } catch (error) {
    line = {index, error: String(error?.message ?? error)};
  } finally {
    clearTimeout(timer);
    if (chrome) await stop(chrome);
  }
  line.seconds = (Date.now() - started) / 1000;
  fs.writeFileSync(`${job.folder}/${index}.json`, JSON.stringify(line));
}
process.exit(0);
"""


@dataclass(frozen=True)
class FailingAudit:
    id: str
    title: str
    score: float  # 0–1
    value: str = ""  # Lighthouse's displayValue: "2.9 s", "1 element"…
    items: tuple[str, ...] = ()  # what failed: a console message, an element, a link…

    def __str__(self) -> str:
        value = f", {self.value}" if self.value else ""
        found = f" [{'; '.join(self.items)}]" if self.items else ""
        return f"{self.id} ({self.score:g}{value}): {self.title}{found}"


@dataclass
class LighthouseRun:
    page: PickedPage
    form_factor: str  # "mobile" or "desktop"
    scores: dict[str, int | None] = field(default_factory=dict)  # category: 0–100
    failing: dict[str, list[FailingAudit]] = field(default_factory=dict)  # per category
    outside: list[str] = field(default_factory=list)  # requests to another host than ours
    warnings: list[str] = field(default_factory=list)  # Lighthouse's runWarnings
    error: str = ""  # no report: a timeout, Lighthouse's runtime error
    seconds: float = 0.0
    runs: int = 1  # this run is the median of that many, by performance score

    @property
    def where(self) -> str:
        return f"{self.form_factor}, {self.page.kind} {self.page.url_path}"

    def median_of(self, category: str) -> str:
        """What follows a performance score that is a median: ", median of 3 runs"."""
        retried = category == "performance" and self.runs > 1
        return f", median of {self.runs} runs" if retried else ""

    def below(self, minimum: int = LIGHTHOUSE_MIN) -> list[str]:
        """The categories scored under `minimum` (or not scored), but a performance score that
        only CPU timings cost points (CPU_TIMED): that says how busy the machine was."""
        return [
            c
            for c in CATEGORIES
            if (self.scores.get(c) or 0) < minimum
            and not (c == "performance" and self.only_timed(c))
        ]

    def only_timed(self, category: str) -> bool:
        failing = self.failing.get(category) or []
        return bool(failing) and all(audit.id in CPU_TIMED for audit in failing)

    def problems(self, minimum: int = LIGHTHOUSE_MIN) -> list[str]:
        if self.error:
            return [f"lighthouse, {self.where}: {self.error}"]
        found = []
        for category in self.below(minimum):
            audits = ", ".join(a.id for a in self.failing.get(category, [])) or "no audit named"
            score = self.scores.get(category)
            found.append(
                f"lighthouse, {self.where}: {category} {'-' if score is None else score}"
                f"{self.median_of(category)} (under {minimum}): {audits}"
            )
        found += [f"lighthouse, {self.where}: request to {url}" for url in self.outside]
        return found


def lighthouse_version() -> str:
    package = json.loads((LIGHTHOUSE_PACKAGE / "package.json").read_text(encoding="utf-8"))
    return package["version"]


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise ToolMissing("Node.js is missing, Lighthouse needs it: run ./bootstrap.sh --dev.")
    if not (LIGHTHOUSE_PACKAGE / "package.json").is_file():
        raise ToolMissing(f"Lighthouse is not installed ({LIGHTHOUSE_PACKAGE}): run {INSTALL}.")
    return node


def run_lighthouse(
    server: SiteServer,
    pages: Iterable[PickedPage],
    *,
    form_factors: Iterable[str] = DEFAULT_FORM_FACTORS,
) -> list[LighthouseRun]:
    """Each page at each form factor, one after the other, each in a new Chromium.

    A page under the minimum in performance is run RETRIES more times and the median run kept,
    as Lighthouse advises: its total blocking time comes from the CPU time measured on this
    machine, so another process busy at the same moment can cost a static page a few points.
    """
    node = _node()
    runs = [LighthouseRun(page, ff) for ff in form_factors for page in pages]
    _run_pages(node, server, runs)
    again = [r for r in runs if not r.error and "performance" in r.below()]
    retries = [LighthouseRun(r.page, r.form_factor) for r in again for _ in range(RETRIES)]
    _run_pages(node, server, retries)
    for i, first in enumerate(again):
        tries = [first, *retries[i * RETRIES : (i + 1) * RETRIES]]
        scored = sorted(
            (t for t in tries if not t.error), key=lambda t: t.scores["performance"] or 0
        )
        median = scored[len(scored) // 2]
        median.runs = len(scored)
        median.seconds = sum(t.seconds for t in tries)
        runs[runs.index(first)] = median
    return runs


def _run_pages(node: str, server: SiteServer, runs: list[LighthouseRun]) -> None:
    if not runs:
        return
    with tempfile.TemporaryDirectory(
        prefix="quality-lighthouse-", ignore_cleanup_errors=True
    ) as folder:
        job = {
            "pages": [
                {"url": server.url(r.page.url_path), "formFactor": r.form_factor} for r in runs
            ],
            "folder": folder,
            "chromePath": chromium_executable(),
            "chromeFlags": [*CHROMIUM_ARGS, ONLY_LOCAL],
            "settings": SETTINGS,
            "timeout": PAGE_TIMEOUT,
        }
        failure = _run_node(node, job, timeout=PAGE_TIMEOUT * len(runs) + 30)
        for index, run in enumerate(runs):
            file = Path(folder) / f"{index}.json"
            if not file.is_file():
                run.error = f"Lighthouse stopped before this page: {failure}"
                continue
            answer = json.loads(file.read_text(encoding="utf-8"))
            run.seconds = answer["seconds"]
            if "lhr" in answer:
                read_report(run, answer["lhr"], server)
            else:
                run.error = f"Lighthouse failed: {answer['error']}"


def _run_node(node: str, job: dict, *, timeout: float) -> str:
    """Run RUNNER_JS on `job`; the last line it wrote to stderr, or its exit code."""
    process = subprocess.Popen(
        [node, "--input-type=module", "-e", RUNNER_JS],
        cwd=LIGHTHOUSE_PACKAGE,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _, err = process.communicate(json.dumps(job), timeout=timeout)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGINT)  # chrome-launcher then stops its Chromium
        try:
            _, err = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            _, err = process.communicate()
        err += f"\nno result within {timeout:g} s"
    return (err.strip().splitlines() or [f"exit code {process.returncode}"])[-1]


def read_report(run: LighthouseRun, lhr: dict, server: SiteServer) -> None:
    """Fill `run` from a Lighthouse result (the JSON of --output=json)."""
    if lhr.get("runtimeError"):
        run.error = f"Lighthouse: {lhr['runtimeError'].get('message', 'runtime error')}"
    run.warnings = [str(w) for w in lhr.get("runWarnings", [])]
    audits = lhr.get("audits", {})
    for category in CATEGORIES:
        found = lhr.get("categories", {}).get(category)
        score = found.get("score") if found else None
        run.scores[category] = None if score is None else int(score * 100 + 0.5)
        run.failing[category] = _failing(found, audits, server) if found else []
    requests = audits.get("network-requests", {}).get("details", {}).get("items", [])
    run.outside = sorted(
        {
            r["url"]
            for r in requests
            if not r.get("url", "").startswith((server.url(""), "data:", "blob:"))
        }
    )


def _failing(category: dict, audits: dict, server: SiteServer) -> list[FailingAudit]:
    """The audits of `category` that cost points: weighted, scored, under 1."""
    failing = []
    for ref in category.get("auditRefs", []):
        audit = audits.get(ref["id"], {})
        score = audit.get("score")
        if ref.get("weight", 0) > 0 and score is not None and score < 1:
            title, value = audit.get("title", ""), audit.get("displayValue", "")
            items = _items(audit.get("details") or {}, server)
            failing.append(FailingAudit(ref["id"], title, score, value, items))
    return sorted(failing, key=lambda a: (a.score, a.id))


def _items(details: dict, server: SiteServer, *, at_most: int = 3) -> tuple[str, ...]:
    """A few words on each thing an audit found wrong: its address, element, message."""
    described = []
    for item in details.get("items") or []:
        if not isinstance(item, dict):
            continue
        node = item.get("node") or item.get("source")
        node = node if isinstance(node, dict) else {}
        location = item.get("sourceLocation") or {}
        label = node.get("nodeLabel", "")
        parts = [
            item.get("url") or location.get("url") or item.get("href") or "",
            node.get("selector") or node.get("snippet") or "",
            f"“{label}”" if label else "",
            item.get("description") or item.get("text") or "",
        ]
        words = " ".join(str(p) for p in parts if p).replace(server.url(""), "/")
        if words:
            described.append(words if len(words) <= 160 else words[:159] + "…")
    if len(described) > at_most:
        described[at_most:] = [f"{len(described) - at_most} more"]
    return tuple(described)
