"""The generator of the weekly letter: issues, their pages, the archive, the feed, the e-mails.

Pelican's `get_generators` extension point: the letter is a content type with
pages and files of its own. `generate_context` reads the editorials (with the
site's one reader), selects each week's items from what the other generators
read (it runs after them), keeps the weeks from `NEWSLETTER_FIRST_ISSUE` on, and
declares every file it will write; `generate_output` writes the archive, one
page and one `.eml` per issue, and the Atom feed of issues (from the first issue
on: an empty feed's date would be the build's, and two builds of the same texts
must give the same bytes).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from markupsafe import Markup
from pelican.contents import Content, SkipStub
from pelican.generators import Generator

from catalyst.model.addresses import public_base
from catalyst.model.outputs import Output, declare
from catalyst.model.problems import read_failure, report
from catalyst.model.site_licence import default_licence

from .issue import IssuePage, awaited_fr
from .mail import email_bytes
from .options import Options, read_options
from .weeks import from_first, select_issues


class Editorial(Content):
    """An editorial file: its text is the issue's introduction (no page of its own)."""

    mandatory_properties = ()
    default_template = "letter_issue"

    def __init__(self, content, metadata=None, *args, **kwargs):
        super().__init__(content, {**(metadata or {}), "url": "", "save_as": ""}, *args, **kwargs)


@dataclass
class Letter:
    """What templates see as `letter` (`awaited`: what the archive says before any issue)."""

    options: Options
    issues: list = field(default_factory=list)  # published, newest first
    drafts: list = field(default_factory=list)  # held back by their editorial

    @property
    def url(self) -> str:
        return self.options.url

    @property
    def awaited(self) -> str:
        """What the archive says while no issue has gone out: « Aucune lettre n’est encore
        parue… », with the first issue's week when NEWSLETTER_FIRST_ISSUE names it."""
        return "" if self.issues else awaited_fr(self.options.first_issue)


class LetterGenerator(Generator):
    def generate_context(self):
        options = read_options(self.settings)
        licence = default_licence(self.settings)
        editorials = self._editorials(options) if options.path else {}
        items = list(self.context.get("articles", []))
        for collection in (self.context.get("collections") or {}).values():
            items += collection.items
        issues, unknown = select_issues(items, editorials, names=self._names, kinds=options.kinds)
        issues = from_first(issues, options.first_issue)
        for name in unknown:
            report(
                self.context,
                name.editorial.source_path,
                f"« {name.name} » ne correspond à aucun texte publié",
                fix="écrivez le nom de son fichier, sans « .md » (territoires-en-reseaux)",
                line=name.editorial.metadata.get("header_lines", {}).get(name.key),
            )
        pages = [
            IssuePage(i, options=options, settings=self.settings, licence=licence) for i in issues
        ]
        self.letter = Letter(
            options,
            [p for p in pages if not p.issue.is_draft],
            [p for p in pages if p.issue.is_draft],
        )
        self.context["letter"] = self.letter
        self._declare(options)

    def _editorials(self, options: Options) -> dict:
        found = {}
        for path in sorted(self.get_files(options.path, extensions=("md",))):
            try:
                editorial = self.readers.read_file(
                    base_path=self.path, path=path, content_class=Editorial, context=self.context
                )
            except Exception as error:  # a bug, said with the file's name
                read_failure(self.context, os.path.join(self.path, path), error)
                continue
            if isinstance(editorial, SkipStub):  # refused by the reader, which said why
                continue
            year, _, week = os.path.basename(path).removesuffix(".md").partition("-s")
            found[(int(year), int(week))] = editorial
        return found

    def _names(self, item) -> list[str]:
        """What an editorial may call an item: its slug, or its file's path under content/."""
        path = item.relative_source_path
        return [item.slug, path, path.removesuffix(".md")]

    def _declare(self, options: Options) -> None:
        declare(self.context, Output(options.save_as, "l’archive de la lettre", url=options.url))
        if options.feed_atom and self.letter.issues:
            declare(self.context, Output(options.feed_atom, "le flux de la lettre", "feed"))
        drafts = self.letter.drafts if self.settings.get("DRAFT_SAVE_AS") else []
        for page in self.letter.issues + drafts:
            kind = "draft" if page in drafts else "page"
            declare(
                self.context,
                Output(
                    page.save_as,
                    f"la lettre {page.id}",
                    kind,
                    page.url,
                    getattr(page.editorial, "source_path", None),
                    page.date.date().isoformat(),
                ),
            )
            declare(self.context, Output(page.eml_save_as, f"le courriel {page.id}", "email"))

    def generate_output(self, writer):
        options = self.letter.options
        base = public_base(self.settings)
        drafts = self.letter.drafts if self.settings.get("DRAFT_SAVE_AS") else []
        body = self.get_template("includes/letter_body")
        for page in self.letter.issues + drafts:
            # HTML the template escaped: the e-mail and the feed print it as it is
            page.body = Markup(body.render({**self.context, "issue": page, "SITEURL": base}))
        writer.write_file(
            options.save_as,
            self.get_template("letter"),
            self.context,
            url=options.url,
            letter=self.letter,
        )
        issue_template = self.get_template("letter_issue")
        for page in self.letter.issues + drafts:
            writer.write_file(
                page.save_as,
                issue_template,
                self.context,
                url=page.url,
                issue=page,
                letter=self.letter,
            )
            target = os.path.join(self.output_path, page.eml_save_as)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as handle:
                handle.write(email_bytes(page, self, options))
        if options.feed_atom and self.letter.issues:
            writer.write_feed(
                self.letter.issues,
                self.context,
                options.feed_atom,
                feed_type="atom",
                feed_title=options.name,
            )
