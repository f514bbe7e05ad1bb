"""« Proposer » links: a prefilled new-file page on the repository host, and e-mail.

A volunteer without git clicks, sees the file name and a filled header, and
GitHub offers a fork and a pull request; the `mailto:` link carries the same
template for those without an account.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from catalyst.model.propose import new_file
from catalyst.model.settings_spec import value

from .config import CollectionType
from .options import SETTINGS


@dataclass(frozen=True)
class ProposeLinks:
    label: str
    filename: str
    text: str
    web: str | None
    mail: str | None


def propose_links(ctype: CollectionType, settings: dict, *, group: str = "") -> ProposeLinks | None:
    made = new_file(ctype.model, group=group) if ctype.model else None
    if made is None:
        return None
    filename, text = made
    spec = ctype.propose
    repository = value(settings, SETTINGS, "COLLECTIONS_REPOSITORY")  # "owner/name" on GitHub
    branch = value(settings, SETTINGS, "COLLECTIONS_BRANCH")
    web = None
    if repository:
        query = urlencode({"filename": filename, "value": text}, quote_via=quote)
        web = f"https://github.com/{repository}/new/{quote(branch)}?{query}"
    email = value(settings, SETTINGS, "COLLECTIONS_EMAIL")
    mail = None
    if email:
        body = f"Fichier à créer : {filename}\n\n{text}"
        mail = f"mailto:{email}?" + urlencode(
            {"subject": spec.label, "body": body}, quote_via=quote
        )
    return ProposeLinks(spec.label, filename, text, web, mail)
