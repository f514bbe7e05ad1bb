"""Index the written site with Pagefind's Python API (its binary ships in the wheel).

Pagefind holds every word of every page it indexes in memory until it writes
the index: about 0.4 MiB for a page of a thousand words, 4.7 GiB for 10,000
articles. So the pages marked `data-pagefind-body` (the only ones Pagefind
keeps) are indexed in batches of at most `SEARCH_BATCH_PAGES`, one Pagefind
process each, one after the other: the first batch is the main index
(`pagefind/`), each other one a bundle of its own (`pagefind/lot-N/`) that the
search page merges at query time (Pagefind's `mergeIndex`), listed in
`pagefind/lots.json`. A batch is a folder of hard links to its pages, laid out
as in the site, so Pagefind reads them in parallel and gives them the same
addresses; pages that are not indexed are never parsed.

Pagefind's files differ in bytes from one build to the next (its filters are
written in hash-map order), while what a search finds does not.

Pagefind offers no « did you mean »: once every bundle is written, the words of
the text it indexed (read back from its fragments, so the very words a query
can find) are written to `pagefind/mots.txt.gz`, most frequent first, one a
line, words of at least three letters. The search page loads it only when a
query finds nothing, or only words of two letters, to suggest the nearest word.
"""

from __future__ import annotations

import asyncio
import glob
import gzip
import json
import os
import re
import shutil
import tempfile
from collections import Counter
from contextlib import contextmanager, suppress

from .options import Options

MARK = b"data-pagefind-body"
LOTS = "lots.json"
# Pagefind's unused interfaces (this site's search page has its own, in French).
UNUSED = tuple(f"pagefind-{name}" for name in ("ui.js", "ui.css", "modular-ui.js", "modular-ui.css",
                                                "component-ui.js", "component-ui.css",
                                                "highlight.js"))  # fmt: skip
# With several bundles a query reads one index chunk of each: smaller chunks (Pagefind's
# default is 36,000 words) weigh less. Read by Pagefind 1.5's binary; pinned in pyproject.
CHUNK_VARIABLE, CHUNK_WORDS = "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE", "2000"
# The indexed words, for the search page's suggestions; the words a suggestion may offer.
WORDS, WORD = "mots.txt.gz", re.compile(r"[^\W\d_]{3,30}")
FRAGMENT_SIGNATURE = b"pagefind_dcd"


def index_site(output_path: str, options: Options) -> int:
    """Index every page of `output_path` marked for search; the number of pages."""
    output_path = os.path.abspath(output_path)
    bundle = os.path.join(output_path, options.output_path)
    pages = marked_pages(output_path, skip=bundle)
    size = options.batch_pages
    batches = [pages[start : start + size] for start in range(0, len(pages), size)]
    found, lots = 0, []
    with _environment(**({CHUNK_VARIABLE: CHUNK_WORDS} if len(batches) > 1 else {})):
        for number, batch in enumerate(batches or [[]], start=1):
            target = bundle if number == 1 else os.path.join(bundle, f"lot-{number}")
            with _mirror(output_path, batch) as folder:
                found += asyncio.run(_index(folder, target, options))
            for name in UNUSED:
                _remove(os.path.join(target, name))
            if number > 1:
                lots.append(f"lot-{number}/")
    with open(os.path.join(bundle, LOTS), "w", encoding="utf-8") as handle:
        json.dump(lots, handle)
    write_words(bundle)
    return found


def write_words(bundle: str) -> int:
    """Write the indexed words of every bundle under `bundle` (`WORDS`); its size in bytes."""
    tokens: Counter[str] = Counter()  # counted as split by spaces first: far fewer to parse
    for path in sorted(glob.glob(os.path.join(bundle, "**", "*.pf_fragment"), recursive=True)):
        tokens.update(_fragment_text(path).lower().split())
    counts: Counter[str] = Counter()
    for token, count in tokens.items():
        for word in WORD.findall(token):
            counts[word] += count
    words = sorted(counts, key=lambda word: (-counts[word], word))
    data = gzip.compress("\n".join(words).encode("utf-8"), compresslevel=9, mtime=0)
    with open(os.path.join(bundle, WORDS), "wb") as handle:
        handle.write(data)
    return len(data)


def _fragment_text(path: str) -> str:
    """The text Pagefind indexed for one page (a fragment: gzip, a signature, then JSON)."""
    with open(path, "rb") as handle:
        data = gzip.decompress(handle.read())
    data = data.removeprefix(FRAGMENT_SIGNATURE)
    fragment = json.loads(data)
    return f"{fragment.get('meta', {}).get('title', '')} {fragment.get('content', '')}"


def marked_pages(output_path: str, *, skip: str) -> list[str]:
    """The HTML files Pagefind would index (paths under `output_path`), in a stable order."""
    pages = []
    for folder, dirs, names in os.walk(output_path):
        dirs[:] = sorted(d for d in dirs if os.path.join(folder, d) != skip)
        for name in sorted(names):
            path = os.path.join(folder, name)
            if name.endswith(".html") and _marked(path):
                pages.append(os.path.relpath(path, output_path))
    return pages


def _marked(path: str) -> bool:
    with open(path, "rb") as handle:
        return MARK in handle.read()


async def _index(folder: str, target: str, options: Options) -> int:
    from pagefind.index import PagefindIndex  # the binary starts only when a build indexes

    config = {
        "force_language": options.language,
        "exclude_selectors": list(options.exclude_selectors),
        "output_path": target,
    }
    async with PagefindIndex(config=config) as index:  # one process, gone with its memory
        found = await index.add_directory(folder)
    return int(found.get("page_count", 0))


@contextmanager
def _mirror(output_path: str, pages: list[str]):
    """A temporary folder holding `pages` at their paths, as hard links (copies if need be)."""
    folder = tempfile.mkdtemp(prefix=".index-", dir=os.path.dirname(output_path))
    try:
        for rel in pages:
            target = os.path.join(folder, rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            try:
                os.link(os.path.join(output_path, rel), target)
            except OSError:
                shutil.copyfile(os.path.join(output_path, rel), target)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _environment(**values: str):
    """Variables for the Pagefind processes started meanwhile (they inherit this environment)."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _remove(path: str) -> None:
    with suppress(FileNotFoundError):
        os.remove(path)
