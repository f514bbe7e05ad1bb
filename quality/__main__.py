"""`python -m quality OUTPUT_DIR [--report FILE] [--settings FILE]`: every check on a built site.

Prints the report, writes it where asked, and exits 1 on any problem (2 when a
tool is missing, the settings are wrong or the folder is not a built site), so CI
stops on it. The page types whose pages the browser checks load come from the
settings the site was built with (`--settings`, default pelicanconf.py: those of
`invoke build`; quality.pages); `--list-pages` prints them and the page picked
for each, and stops there.
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from catalyst.model.errors import SettingsError
from quality.feeds import check_feeds
from quality.html_validator import ToolMissing, validate
from quality.lighthouse import DEFAULT_FORM_FACTORS, FORM_FACTORS
from quality.links import check_links
from quality.pages import DEFAULT_SETTINGS, SettingsLike, missing_types, page_types, pick_pages
from quality.report import QualityReport

CHECKS = ("browser", "html", "links", "feeds", "lighthouse")


def run(
    output: Path,
    *,
    settings: SettingsLike = None,
    site_urls: list[str] | tuple[str, ...] = (),
    skip: tuple[str, ...] = (),
    form_factors: tuple[str, ...] = DEFAULT_FORM_FACTORS,
) -> QualityReport:
    """Run the checks not skipped on `output` and gather their results; `settings`: those
    the site was built with (quality.pages.page_types; default: the project's pelicanconf.py)."""
    output = output.resolve()
    types = page_types(settings)
    pages = pick_pages(output, types)
    report = QualityReport(output, pages, missing_types(pages, types))
    with ThreadPoolExecutor(max_workers=1) as pool:
        # The JVM works on the second core while Chromium works on the first.
        validation = pool.submit(validate, output) if "html" not in skip else None
        if "links" not in skip or "browser" not in skip:
            report.links = check_links(output, site_urls=site_urls)
        if "feeds" not in skip:
            report.feeds = check_feeds(output)
        if "browser" not in skip:
            _run_browser(report, site_roots=report.links.site_urls)
        if "links" in skip:
            report.links = None
        if validation is not None:
            report.validation = validation.result()
            report.tools["Nu HTML checker"] = report.validation.version
        if "lighthouse" not in skip:
            # Last, alone: the performance score counts the CPU time the page takes.
            _run_lighthouse(report, form_factors)
    return report


def _run_browser(report: QualityReport, *, site_roots: list[str]) -> None:
    from quality.axe import AXE_VERSION
    from quality.browser import audit_pages, open_browser
    from quality.server import serve

    with serve(report.output) as server, open_browser() as browser:
        report.tools["Chromium"] = browser.version
        report.tools["axe-core"] = AXE_VERSION
        report.audits = audit_pages(browser, server, report.pages, site_roots=site_roots)
        report.not_found = list(server.missing)


def _run_lighthouse(report: QualityReport, form_factors: tuple[str, ...]) -> None:
    from quality.lighthouse import lighthouse_version, run_lighthouse
    from quality.server import serve

    report.tools["Lighthouse"] = lighthouse_version()
    with serve(report.output) as server:
        report.lighthouse = run_lighthouse(server, report.pages, form_factors=form_factors)


def list_pages(output: Path, settings: SettingsLike = None) -> str:
    """Each page type, the page picked for it and the address formats it comes from."""
    types = page_types(settings)
    picked = {page.kind: page for page in pick_pages(output.resolve(), types)}
    lines = []
    for name in types.names:
        page = picked.pop(name, None)
        formats = ", ".join(t.save_as for t in types.types if t.name == name)
        lines.append(f"{name}: {page.url_path if page else '(none in this build)'} ({formats})")
    lines += [f"{kind}: {page.url_path} (no page type)" for kind, page in picked.items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m quality", description=__doc__.split("\n")[0])
    parser.add_argument("output", type=Path, help="the built site (e.g. output/)")
    parser.add_argument("--report", type=Path, help="also write the report to this file")
    parser.add_argument(
        "--site-url",
        action="append",
        default=[],
        help="the site's public address, whose absolute links are checked as internal "
        "(feeds' rel=self already tell it; repeatable)",
    )
    parser.add_argument(
        "--settings",
        type=Path,
        default=DEFAULT_SETTINGS,
        help="the Pelican settings the site was built with, which say where each template's "
        "pages go (default: pelicanconf.py, as invoke build)",
    )
    parser.add_argument(
        "--list-pages",
        action="store_true",
        help="print each page type and the page picked for it, then stop (no check)",
    )
    parser.add_argument("--skip", action="append", choices=CHECKS, default=[])
    parser.add_argument(
        "--lighthouse-form-factor",
        action="append",
        choices=FORM_FACTORS,
        help="run Lighthouse only as this (repeatable; default: "
        + " and ".join(DEFAULT_FORM_FACTORS)
        + ")",
    )
    args = parser.parse_args(argv)
    if not (args.output / "index.html").is_file():
        parser.error(f"{args.output} is not a built site (no index.html): run invoke build")
    if not args.settings.is_file():
        parser.error(f"{args.settings}: no such settings file")
    try:
        if args.list_pages:
            print(list_pages(args.output, args.settings), end="")
            return 0
        report = run(
            args.output,
            settings=args.settings,
            site_urls=args.site_url,
            skip=tuple(args.skip),
            form_factors=tuple(args.lighthouse_form_factor or DEFAULT_FORM_FACTORS),
        )
    except (ToolMissing, SettingsError) as error:
        print(error, file=sys.stderr)
        return 2
    text = report.render()
    print(text, end="")
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(text, encoding="utf-8")
    return 1 if report.problems() else 0


if __name__ == "__main__":
    sys.exit(main())
