"""The figures per page type and every problem found, as one short text report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from quality.browser import PageAudit
from quality.feeds import FeedReport
from quality.html_validator import ValidationReport
from quality.lighthouse import CATEGORIES, LIGHTHOUSE_MIN, LighthouseRun
from quality.links import LinkReport
from quality.pages import PickedPage, relative
from quality.weight import BUDGETS, GZIP_LEVEL, IMAGE_BUDGET

# Browsers ask for /favicon.ico by themselves; the page did not ask for it.
IMPLICIT_REQUESTS = {"/favicon.ico"}
CATEGORY_COLUMNS = {"performance": "perf", "accessibility": "a11y", "best-practices": "b.p.",
                    "seo": "SEO"}  # fmt: skip


@dataclass
class QualityReport:
    output: Path
    pages: list[PickedPage]
    missing_types: list[str]
    tools: dict[str, str] = field(default_factory=dict)
    audits: list[PageAudit] | None = None
    validation: ValidationReport | None = None
    links: LinkReport | None = None
    feeds: FeedReport | None = None
    not_found: list[str] = field(default_factory=list)  # paths the browser asked for in vain
    lighthouse: list[LighthouseRun] | None = None

    def problems(self) -> list[str]:
        found = []
        for audit in self.audits or []:
            found += audit.problems()
            budget = BUDGETS.get(audit.page.kind)
            if budget and audit.heaviest and audit.heaviest.gzipped > budget:
                found.append(
                    f"weight, {audit.page.kind} {audit.page.url_path}: "
                    f"{audit.heaviest.gzipped:,} bytes gzipped before images, "
                    f"over the {budget:,} budget"
                )
        found += [f"HTML, {m}" for m in (self.validation.errors if self.validation else [])]
        found += [f"link, {b}" for b in (self.links.broken if self.links else [])]
        found += [f"feed, {p}" for p in (self.feeds.problems if self.feeds else [])]
        for run in self.lighthouse or []:
            found += run.problems()
        found += [
            f"not found, requested by a page: {path}"
            for path in sorted(set(self.not_found) - IMPLICIT_REQUESTS)
        ]
        return found

    def render(self) -> str:
        problems = self.problems()
        lines = [
            "Catalyst Publications: site quality report",
            f"output: {self.output}",
            "tools: " + ", ".join(f"{k} {v}" for k, v in self.tools.items()),
            "",
        ]
        if self.audits is not None:
            lines += self._table()
            if self.missing_types:
                lines.append("page types not in this build: " + ", ".join(self.missing_types))
            lines.append(
                f"weight: HTML+CSS+JS+fonts before images, each gzipped (level {GZIP_LEVEL}); "
                + ", ".join(f"{k} budget {v / 1000:g} KB" for k, v in BUDGETS.items())
                + f"; the first image at phone width: budget {IMAGE_BUDGET / 1000:g} KB"
            )
            lines.append("")
        if self.lighthouse is not None:
            lines += self._lighthouse_table() + self._lighthouse_details() + [""]
        if self.validation is not None:
            v = self.validation
            lines.append(
                f"HTML (Nu checker): {v.files} pages, {len(v.errors)} errors, "
                f"{len(v.warnings)} warnings"
            )
        if self.links is not None:
            lk = self.links
            lines.append(
                f"links: {lk.checked} internal references checked, {len(lk.broken)} broken, "
                f"{lk.external} to other sites not followed"
            )
        if self.feeds is not None:
            f = self.feeds
            lines.append(
                f"feeds: {f.feeds} read by feedparser; calendars: {f.calendars} "
                f"({f.events} events) read by icalendar; {len(f.problems)} problems"
            )
        lines += ["", f"problems: {len(problems)}"]
        lines += [f"- {p}" for p in problems]
        lines += ["", "RESULT: " + ("FAIL" if problems else "PASS")]
        return "\n".join(lines) + "\n"

    def _table(self) -> list[str]:
        header = (
            "page type",
            "page",
            "axe 375",
            "axe 1280",
            "vnu",
            "KB gz",
            "img KB",
            "outside",
            "no-JS",
            "keyboard",
        )
        rows = [header]
        for audit in self.audits or []:
            file = relative(self.output, audit.page.file)
            heaviest = audit.heaviest
            rows.append(
                (
                    audit.page.kind,
                    audit.page.url_path,
                    str(len(audit.axe.get("phone", []))),
                    str(len(audit.axe.get("desktop", []))),
                    str(self.validation.errors_in(file)) if self.validation else "-",
                    f"{heaviest.gzipped / 1000:.1f}" if heaviest else "-",
                    f"{audit.first_image['phone'][1] / 1000:.1f}"
                    if "phone" in audit.first_image
                    else "-",
                    str(len(audit.outside)),
                    "ok" if not any(audit.nojs.values()) else "FAIL",
                    "ok" if not any(audit.keyboard.values()) else "FAIL",
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        widths[1] = min(widths[1], 44)
        return [
            "  ".join(cell[: widths[i]].ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
            for row in rows
        ]

    def _lighthouse_table(self) -> list[str]:
        runs = self.lighthouse or []
        form_factors = list(dict.fromkeys(r.form_factor for r in runs))
        several = len(form_factors) > 1
        header = ["page type", "page"]
        for form_factor in form_factors:
            suffix = f" {form_factor[0]}" if several else ""
            header += [CATEGORY_COLUMNS[c] + suffix for c in CATEGORIES]
        rows: dict[str, list[str]] = {}
        for run in runs:
            row = rows.setdefault(run.page.kind, [run.page.kind, run.page.url_path])
            for category in CATEGORIES:
                score = run.scores.get(category)
                row.append("-" if run.error or score is None else str(score))
        table = [header, *rows.values()]
        widths = [max(len(row[i]) for row in table) for i in range(len(header))]
        widths[1] = min(widths[1], 44)
        seconds = sum(r.seconds for r in runs)
        title = (
            f"Lighthouse ({', '.join(form_factors) or 'no page'}; each category at least "
            f"{LIGHTHOUSE_MIN}): {len(runs)} run{'s' if len(runs) != 1 else ''} in {seconds:.0f} s"
        )
        return [title] + [
            "  ".join(
                cell[: widths[i]].rjust(widths[i]) if i > 1 else cell[: widths[i]].ljust(widths[i])
                for i, cell in enumerate(row)
            ).rstrip()
            for row in table
        ]

    def _lighthouse_details(self) -> list[str]:
        """The audits that cost points in each category under the minimum, and any warning."""
        lines = []
        for run in self.lighthouse or []:
            for category in [] if run.error else run.below():
                lines.append(
                    f"  {run.where}: {category} {run.scores.get(category)}{run.median_of(category)}"
                )
                lines += [f"    - {audit}" for audit in run.failing.get(category, [])]
            lines += [f"  {run.where}: warning: {w}" for w in run.warnings]
        if lines:
            lines.insert(0, f"Lighthouse audits costing points, under {LIGHTHOUSE_MIN}:")
        return lines
