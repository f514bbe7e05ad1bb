"""The search plugin's settings, shaped like pelican-search's, read once into a record."""

from __future__ import annotations

from dataclasses import dataclass

from catalyst.model.errors import SettingsError

DEFAULTS = {
    "SEARCH_ENABLED": True,
    "SEARCH_MODE": "output",  # pelican-search's name: index the written pages (the only mode)
    "SEARCH_INDEX": True,  # False skips indexing (a faster preview; the page says so)
    "SEARCH_LANGUAGE": "fr",  # Pagefind's stemming and UI language for the whole site
    "SEARCH_OUTPUT_PATH": "pagefind",  # the index, under the output
    "SEARCH_EXCLUDE_SELECTORS": (),  # extra elements never indexed, e.g. (".attribution",)
    "SEARCH_BATCH_PAGES": 2000,  # pages a Pagefind process indexes (~0.4 MiB a 1,000-word page)
    "SEARCH_PAGE_URL": "recherche/",
    "SEARCH_PAGE_SAVE_AS": "recherche/index.html",
}


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
    get = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
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
