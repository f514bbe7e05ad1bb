"""`invoke bench`: this project against vanilla Pelican (and Hugo), side by side, in one run.

    python benchmarks/bench.py --size 1000 --runs 3     # what `invoke bench` runs
    python benchmarks/bench.py --size 10000 --runs 1

A synthetic French corpus (benchmarks/corpus.py) is built by each tool in
turn, alternating, so that a busy moment of this noisy machine falls on both
sides: our full cold build (search index, letter, photos; caches emptied),
vanilla Pelican 4.12 (benchmarks/vanilla_pelicanconf.py), Hugo when Debian's
`hugo` is installed. Then our rebuilds: nothing changed, one article's body
changed, one article's title and tags changed. Each process's peak memory
comes from the kernel (`wait4`: the largest process of its tree). The search
index is timed alone, and a first query is run in Chromium to weigh what it
downloads. Medians; the figures go to benchmarks/results/bench-SIZE.json and
a Markdown table of ratios to bench-SIZE.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from corpus import generate, query_word  # beside this script

ROOT = Path(__file__).resolve().parent.parent

RESULTS = ROOT / "benchmarks" / "results"
VANILLA = ROOT / "benchmarks" / "vanilla_pelicanconf.py"


@dataclass
class Run:
    seconds: float
    peak_mib: float
    code: int


def timed(command: list[str], *, cwd: Path = ROOT) -> Run:
    """Wall time and peak resident memory (MiB) of one command, its tree included."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code:
        raise SystemExit(
            f"{' '.join(command[:4])}… failed ({code}):\n{process.stderr.read().decode()[-3000:]}"
        )
    return Run(seconds, usage.ru_maxrss / 1024, code)


def ours(content: Path, output: Path, cache: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "catalyst",
        "build",
        str(content),
        "-o",
        str(output),
        "-e",
        f"CACHE_PATH={json.dumps(str(cache))}",
    ]


def vanilla(content: Path, output: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pelican",
        str(content),
        "-s",
        str(VANILLA),
        "-o",
        str(output),
        "-q",
    ]


def hugo_site(content: Path, scratch: Path) -> Path | None:
    """The same articles as a Hugo site (front matter in YAML), if Debian's hugo is installed."""
    if not shutil.which("hugo"):
        return None
    site = scratch / "hugo"
    posts = site / "content" / "posts"
    for path in sorted((content / "articles").rglob("*.md")):
        head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        fields = dict(line.split(": ", 1) for line in head.splitlines())
        front = {
            "title": fields["Title"],
            "date": fields["Date"],
            "summary": fields["Summary"],
            "authors": fields["Authors"].split(", "),
            "tags": fields["Tags"].split(", "),
            "categories": [fields["Category"]],
        }
        body = body.replace("{filename}/articles/", "/posts/").replace("{static}", "")
        target = posts / path.relative_to(content / "articles")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"{json.dumps(front, ensure_ascii=False)}\n\n{body}", encoding="utf-8")
    layouts = site / "layouts" / "_default"  # Hugo renders nothing without templates: minimal ones
    layouts.mkdir(parents=True, exist_ok=True)
    page = (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{{ .Title }}'
        "</title></head><body><main>%s</main></body></html>"
    )
    (layouts / "single.html").write_text(
        page % "<h1>{{ .Title }}</h1>{{ range .Params.authors }}<p>{{ . }}</p>{{ end }}"
        '{{ .Content }}{{ range .Params.tags }}<a href="/tags/{{ . | urlize }}/">{{ . }}</a>'
        "{{ end }}",
        encoding="utf-8",
    )
    (layouts / "list.html").write_text(
        page % "<h1>{{ .Title }}</h1>{{ range .Pages }}<article><h2>"
        '<a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>{{ .Summary }}</article>{{ end }}',
        encoding="utf-8",
    )
    (site / "hugo.toml").write_text(
        'baseURL = "http://localhost/"\ntitle = "Hugo"\n[taxonomies]\n  tag = "tags"\n'
        '  category = "categories"\n  author = "authors"\n[markup.goldmark.renderer]\n'
        "  unsafe = true\n",
        encoding="utf-8",
    )
    return site


def folder_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def median(runs: list[Run]) -> dict:
    return {
        "seconds": round(statistics.median(r.seconds for r in runs), 3),
        "peak_mib": round(max(r.peak_mib for r in runs), 1),
        "runs": [round(r.seconds, 3) for r in runs],
    }


def touched(content: Path) -> Path:
    """The article the rebuilds change: the middle one."""
    articles = sorted((content / "articles").rglob("*.md"))
    return articles[len(articles) // 2]


def touch_article(content: Path, *, title_and_tags: bool, marker: str = "") -> None:
    """Change one article as a volunteer would: a sentence, or its title and tags."""
    path = touched(content)
    text = path.read_text(encoding="utf-8")
    if title_and_tags:
        lines = text.split("\n")
        lines[0] += " (mis à jour)"
        lines = [f"{line}, nouveau mot-clé" if line.startswith("Tags:") else line for line in lines]
        text = "\n".join(lines)
    else:
        text += f"\nUne phrase ajoutée {marker or time.time()}.\n"
    path.write_text(text, encoding="utf-8")


def index_seconds(output: Path) -> float:
    from plugins.site_search.indexer import index_site
    from plugins.site_search.options import read_options

    options = read_options({"SEARCH_OUTPUT_PATH": "pagefind-bench"})
    started = time.perf_counter()
    index_site(str(output), options)
    seconds = time.perf_counter() - started
    shutil.rmtree(output / "pagefind-bench", ignore_errors=True)
    return seconds


def first_query_bytes(output: Path, query: str) -> dict:
    """What a first search downloads, in Chromium: the search page's script and Pagefind's, as
    a web server sends them (scripts gzipped; Pagefind's index files are gzipped already)."""
    from quality.browser import new_context, open_browser
    from quality.server import serve

    sizes: dict[str, int] = {}
    with (
        serve(output) as server,
        open_browser() as browser,
        new_context(browser, server, width="phone") as context,
    ):
        page = context.new_page()

        def seen(response) -> None:
            path = response.url.split("?", 1)[0]
            if "/pagefind/" in path or path.endswith("search.js"):
                file = server.file_for(response.url)
                sizes[path] = _sent(file) if file else 0

        page.on("response", seen)
        page.goto(server.url(f"recherche/?q={query}"), wait_until="load")
        # Bytes are the measure, not time: the bound is only there to stop a hang, so a busy
        # machine cannot fail it; the results' fragments are in once the network is idle.
        page.wait_for_function(
            "document.getElementById('recherche-etat').textContent !== ''", timeout=180_000
        )
        if not page.locator("#recherche-resultats li").count():
            status = page.locator("#recherche-etat").text_content()
            raise RuntimeError(f"no result for {query!r} on the search page: {status}")
        page.wait_for_load_state("networkidle", timeout=180_000)
    return {"bytes": sum(sizes.values()), "files": len(sizes)}


def _sent(file: Path) -> int:
    data = file.read_bytes()
    if data[:2] == b"\x1f\x8b" or file.suffix not in (".js", ".json", ".css", ".html"):
        return len(data)
    return len(gzip.compress(data, compresslevel=6, mtime=0))


PREVIEW = (
    "import json, sys; from pathlib import Path; from catalyst.tools.preview import serve; "
    "serve(output=Path(sys.argv[1]), settings=Path(sys.argv[2]), content=Path(sys.argv[3]), "
    "port=int(sys.argv[4]), extra=json.loads(sys.argv[5]))"
)


def preview_latency(content: Path, scratch: Path, cache: Path, runs: int) -> dict:
    """Seconds from saving an article to Chromium showing it, with `invoke livereload`."""
    import signal
    import socket
    import urllib.request

    from quality.browser import open_browser

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    extra = json.dumps({"CACHE_PATH": str(cache), "SEARCH_INDEX": False})
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            PREVIEW,
            str(scratch / "preview"),
            str(ROOT / "pelicanconf.py"),
            str(content),
            str(port),
            extra,
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    rel = touched(content).relative_to(content / "articles").with_suffix("")
    address = f"http://127.0.0.1:{port}/{rel.as_posix()}/"
    seconds = []
    try:
        for _ in range(1200):  # the site built, and its context kept in memory
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/__apercu/pret", timeout=2).close()
                break
            except OSError:
                time.sleep(0.5)
        with open_browser() as browser:
            page = browser.new_page()
            page.goto(address)
            page.wait_for_timeout(500)
            for n in range(runs):
                marker = f"repère {n} {time.time_ns()}"
                started = time.perf_counter()
                touch_article(content, title_and_tags=False, marker=marker)
                page.wait_for_function(
                    f"document.body.innerText.includes({marker!r})", timeout=600_000
                )
                seconds.append(time.perf_counter() - started)
                page.wait_for_timeout(300)
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the preview and the build it may be running
        server.wait(timeout=30)
    return {"seconds": round(statistics.median(seconds), 2), "runs": [round(s, 2) for s in seconds]}


def bench(size: int, runs: int, scratch: Path) -> dict:
    content = scratch / "content"
    counts = generate(content, size)
    hugo = hugo_site(content, scratch)
    cold, plain, hugos = [], [], []
    for n in range(runs):
        out, cache = scratch / f"ours-{n}", scratch / f"cache-{n}"
        cold.append(timed(ours(content, out, cache)))
        plain.append(timed(vanilla(content, scratch / f"vanilla-{n}")))
        if hugo:
            hugos.append(timed(["hugo", "--quiet", "-d", str(scratch / f"hugo-{n}")], cwd=hugo))
    out, cache = scratch / "ours-0", scratch / "cache-0"
    again = [timed(ours(content, out, cache)) for _ in range(runs)]
    body, title = [], []
    for _ in range(runs):
        touch_article(content, title_and_tags=False)
        body.append(timed(ours(content, out, cache)))
        touch_article(content, title_and_tags=True)
        title.append(timed(ours(content, out, cache)))
    ours_bytes, ours_files = folder_size(scratch / "ours-1" if runs > 1 else out)
    vanilla_bytes, vanilla_files = folder_size(scratch / "vanilla-0")
    figures = {
        "size": size,
        "runs": runs,
        "corpus": counts,
        "ours_cold": median(cold),
        "vanilla_cold": median(plain),
        "hugo_cold": median(hugos) if hugos else None,
        "ours_nothing_changed": median(again),
        "ours_one_body_changed": median(body),
        "ours_title_and_tags_changed": median(title),
        "preview": preview_latency(content, scratch, cache, runs),
        "output": {
            "ours_bytes": ours_bytes,
            "ours_files": ours_files,
            "vanilla_bytes": vanilla_bytes,
            "vanilla_files": vanilla_files,
        },
        "search": {
            "index_seconds": round(index_seconds(out), 2),
            "query": query_word(),
            "first_query": first_query_bytes(out, query_word()),
        },
    }
    return figures


def table(f: dict) -> str:
    van = f["vanilla_cold"]["seconds"]
    rows = [
        ("full cold build", f["ours_cold"]["seconds"], van, "≤ 0.5"),
        ("rebuild, nothing changed", f["ours_nothing_changed"]["seconds"], van, "≤ 0.15"),
        ("rebuild, one article's body changed", f["ours_one_body_changed"]["seconds"], van, ""),
        (
            "rebuild, one title and its tags changed",
            f["ours_title_and_tags_changed"]["seconds"],
            van,
            "",
        ),
    ]
    lines = [
        f"Corpus: {f['size']:,} articles ({', '.join(f'{v} {k}' for k, v in f['corpus'].items())})"
        + (f"; medians of {f['runs']} runs, alternating." if f["runs"] > 1 else "; one run."),
        "",
        "| measure | this project | vanilla Pelican 4.12 (cold) | ratio | target |",
        "| --- | --- | --- | --- | --- |",
    ]
    for label, mine, theirs, target in rows:
        lines.append(
            f"| {label} | {mine:.2f} s | {theirs:.2f} s | {mine / theirs:.2f} | {target} |"
        )
    p = f["preview"]["seconds"]
    lines.append(
        f"| preview: saved article shown in the browser | {p:.2f} s | | | ≤ 1 s at 1k, "
        "≤ 2 s at 10k |"
    )
    o = f["output"]
    lines.append(
        f"| output | {o['ours_bytes'] / 1e6:.1f} MB, {o['ours_files']:,} files | "
        f"{o['vanilla_bytes'] / 1e6:.1f} MB, {o['vanilla_files']:,} files | "
        f"{o['ours_bytes'] / o['vanilla_bytes']:.2f} | ≤ 0.3 |"
    )
    lines.append(
        f"| peak memory (largest process) | {f['ours_cold']['peak_mib']:.0f} MiB | "
        f"{f['vanilla_cold']['peak_mib']:.0f} MiB | "
        f"{f['ours_cold']['peak_mib'] / f['vanilla_cold']['peak_mib']:.2f} | ≤ 1 GiB at 10k |"
    )
    if f["hugo_cold"]:
        h = f["hugo_cold"]["seconds"]
        lines.append(f"| Hugo, cold build | {h:.2f} s | {van:.2f} s | {h / van:.2f} | |")
    s = f["search"]
    lines.append(
        f"| search: indexing; first query | {s['index_seconds']:.2f} s; "
        f"« {s['query']} »: {s['first_query']['bytes'] / 1000:.0f} KB in "
        f"{s['first_query']['files']} files | | | "
        "≤ 150 KB at 10k |"
    )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1000, help="articles (1000; 10000 documented)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each cold build")
    parser.add_argument(
        "--keep", help="build in this folder and keep it (default: a temporary one)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="catalyst-bench-") as temporary:
        scratch = Path(args.keep or temporary)
        if args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
        figures = bench(args.size, args.runs, scratch)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"bench-{args.size}.json").write_text(json.dumps(figures, indent=2) + "\n")
    markdown = table(figures)
    (RESULTS / f"bench-{args.size}.md").write_text(markdown, encoding="utf-8")
    print(markdown)
    print(f"Written: {RESULTS / f'bench-{args.size}.json'} and .md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
