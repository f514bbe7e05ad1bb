"""Which items make which issue of the weekly letter: one issue per ISO week.

Every published article and collection item with a date belongs to the week
of its date; a week with nothing makes no issue, and each item is in exactly
one issue. An editorial file (`content/lettre/2026-s49.md`) adds an
introduction, puts items first (an item of another week moves into its
issue), leaves items out, or holds its issue back as a draft. The letter may
start at a given week (`NEWSLETTER_FIRST_ISSUE`): earlier weeks make no issue.
Pure data in, data out: the generator reads the files, this module only decides.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

Week = tuple[int, int]  # (ISO year, ISO week)
ISSUE_ID = re.compile(r"(?P<year>[0-9]{4})-s(?P<week>[0-9]{2})")  # Issue.id: "2026-s49"
ISSUE_ID_FORM = (
    "« AAAA-sSS » (l’année, « -s », puis le numéro de la semaine ISO en deux chiffres, "
    "comme « 2026-s50 »)"
)


@dataclass
class Issue:
    year: int
    week: int
    items: list = field(default_factory=list)  # featured first, then by kind and date
    featured: list = field(default_factory=list)
    editorial: object = None  # the editorial's content object, if any

    @property
    def id(self) -> str:
        return f"{self.year}-s{self.week:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def is_draft(self) -> bool:
        return getattr(self.editorial, "status", "published") == "draft"


def parse_issue_id(text: object) -> tuple[Week | None, str]:
    """(year, week) of an issue's ID (`"2026-s50"`), or (None, why not, in French)."""
    found = ISSUE_ID.fullmatch(text) if isinstance(text, str) else None
    if found is None:
        return None, f"ce n’est pas une semaine écrite {ISSUE_ID_FORM}"
    year, week = int(found["year"]), int(found["week"])
    if year < 1:
        return None, "l’année 0000 n’existe pas"
    weeks = date(year, 12, 28).isocalendar()[1]  # the 28th of December is in the last week
    if not 1 <= week <= weeks:
        return None, f"l’année {year} a des semaines numérotées de 01 à {weeks}"
    return (year, week), ""


def from_first(issues: list[Issue], first: Week | None) -> list[Issue]:
    """The issues of `first`'s week and later (all of them when `first` is None)."""
    return [i for i in issues if first is None or (i.year, i.week) >= first]


@dataclass(frozen=True)
class Unknown:
    """A name an editorial gives that matches no item (reported with its line)."""

    editorial: object
    key: str  # "featured" or "exclude"
    name: str


def kind_of(item) -> str:
    collection = getattr(item, "collection", None)
    return collection.name if collection is not None else "article"


def week_of(moment) -> tuple[int, int]:
    day = moment.date() if isinstance(moment, datetime) else moment
    year, week, _ = day.isocalendar()
    return year, week


def select_issues(
    items: list, editorials: dict[tuple[int, int], object], *, names, kinds: tuple[str, ...]
) -> tuple:
    """(issues newest first, unknown names). `names(item)` gives the names an item answers to
    (its slug, its file's path); `editorials` maps (year, week) to an editorial; `kinds` is
    the order of an issue's sections (Options.kinds)."""
    by_name = {name: item for item in items for name in names(item)}
    unknown: list[Unknown] = []
    moved, excluded = {}, set()
    for key, editorial in sorted(editorials.items()):
        for name in getattr(editorial, "exclude", None) or []:
            if name in by_name:
                excluded.add(id(by_name[name]))
            else:
                unknown.append(Unknown(editorial, "exclude", name))
        for name in getattr(editorial, "featured", None) or []:
            if name in by_name:
                moved[id(by_name[name])] = key
            else:
                unknown.append(Unknown(editorial, "featured", name))
    issues: dict[tuple[int, int], Issue] = {}
    for item in items:
        if id(item) in excluded or getattr(item, "date", None) is None:
            continue
        key = moved.get(id(item)) or week_of(item.date)
        issues.setdefault(key, Issue(*key)).items.append(item)
    for key, editorial in editorials.items():
        issue = issues.setdefault(key, Issue(*key))
        issue.editorial = editorial
        order = [by_name[n] for n in getattr(editorial, "featured", None) or [] if n in by_name]
        issue.featured = [item for item in order if id(item) not in excluded]
    for issue in issues.values():
        issue.items = issue.featured + sorted(
            (i for i in issue.items if i not in issue.featured), key=lambda i: _order(i, kinds)
        )
    return sorted(issues.values(), key=lambda i: (i.year, i.week), reverse=True), unknown


def _order(item, kinds: tuple[str, ...]) -> tuple:
    return (_kind_rank(kind_of(item), kinds), -item.date.timestamp(), item.title)


def by_kind(items: list, kinds: tuple[str, ...]) -> dict[str, list]:
    """Sections of an issue: {kind: items}, in the order of `kinds`."""
    sections: dict[str, list] = defaultdict(list)
    for item in items:
        sections[kind_of(item)].append(item)
    return {kind: sections[kind] for kind in sorted(sections, key=lambda k: _kind_rank(k, kinds))}


def _kind_rank(kind: str, kinds: tuple[str, ...]) -> int:
    return kinds.index(kind) if kind in kinds else len(kinds)
