"""The search plugin's settings, shaped like pelican-search's, read once into a record."""

from __future__ import annotations

from dataclasses import dataclass

from catalyst.model.errors import SettingsError
from catalyst.model.settings_spec import Setting, values

SETTINGS = (
    Setting("SEARCH_ENABLED", True, "`False`: no search page, no index"),
    Setting(
        "SEARCH_MODE",
        "output",
        "pelican-search's setting; Pagefind indexes the written pages (the only mode)",
    ),
    Setting(
        "SEARCH_INDEX",
        True,
        "`False` skips indexing for a faster preview; the search page then says so",
    ),
    Setting("SEARCH_LANGUAGE", "fr", "Pagefind's stemming and language for the whole site"),
    Setting("SEARCH_OUTPUT_PATH", "pagefind", "the index's folder in the output"),
    Setting(
        "SEARCH_EXCLUDE_SELECTORS",
        (".facts",),
        "elements never indexed: by default a project's facts (`dl.facts`, label and value "
        "glued together in every excerpt; its prose is indexed)",
    ),
    Setting(
        "SEARCH_BATCH_PAGES",
        2000,
        "pages one Pagefind process indexes; above it, more bundles (`pagefind/lot-N/`), "
        "merged by the search page: memory stays under 1 GiB (about 0.4 MiB a page of 1,000 "
        "words)",
    ),
    Setting("SEARCH_PAGE_URL", "recherche/", "the search page's address"),
    Setting("SEARCH_PAGE_SAVE_AS", "recherche/index.html", "the search page's file"),
)


@dataclass(frozen=True)
class Options:
    enabled: bool
    index: bool
    language: str
    output_path: str
    exclude_selectors: tuple[str, ...]
    batch_pages: int
    page_url: str
    page_save_as: str

    @property
    def script(self) -> str:
        return f"{self.output_path}/pagefind.js"


def read_options(settings: dict) -> Options:
    get = values(settings, SETTINGS)
    if get["SEARCH_MODE"] != "output":
        raise SettingsError(
            f"site_search: SEARCH_MODE should be 'output' (Pagefind indexes the written pages), "
            f"received {get['SEARCH_MODE']!r}"
        )
    batch = get["SEARCH_BATCH_PAGES"]
    if not isinstance(batch, int) or isinstance(batch, bool) or batch < 1:
        raise SettingsError(
            f"site_search: SEARCH_BATCH_PAGES should be a positive integer, received {batch!r}"
        )
    return Options(
        enabled=bool(get["SEARCH_ENABLED"]),
        index=bool(get["SEARCH_INDEX"]),
        language=get["SEARCH_LANGUAGE"],
        output_path=get["SEARCH_OUTPUT_PATH"].strip("/"),
        exclude_selectors=tuple(get["SEARCH_EXCLUDE_SELECTORS"]),
        batch_pages=batch,
        page_url=get["SEARCH_PAGE_URL"],
        page_save_as=get["SEARCH_PAGE_SAVE_AS"],
    )
