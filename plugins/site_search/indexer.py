"""Index the written site with Pagefind's Python API (its binary ships in the wheel).

Pagefind reads the whole folder itself, in parallel (one page at a time through
the API is about fifteen times slower), and keeps only pages that have
`data-pagefind-body`. Its files differ in bytes from one build to the next
(its filters are written in hash-map order), while what a search finds does not.
"""

from __future__ import annotations

import asyncio
import os

from .options import Options


def index_site(output_path: str, options: Options) -> int:
    """Index every page of `output_path` marked for search; the number of pages."""
    return asyncio.run(_index(os.path.abspath(output_path), options))


async def _index(output_path: str, options: Options) -> int:
    from pagefind.index import PagefindIndex  # the binary starts only when a build indexes

    config = {
        "force_language": options.language,
        "exclude_selectors": list(options.exclude_selectors),
        "output_path": os.path.join(output_path, options.output_path),
    }
    async with PagefindIndex(config=config) as index:
        found = await index.add_directory(output_path)
    return int(found.get("page_count", 0))
