"""Posting an issue to the list server, once, however many times the command runs.

This is the scheduled workflow's step (.github/workflows/lettre.yml): every Monday it
posts last week's issue, if there is one, to the list that keeps the subscribers
(catalyst.model.lists). A runner starts empty, so « already posted » cannot live on it:
it is a tag of the repository, `lettre/<ID>`, pushed before posting. Pushing a tag that
exists fails, so two runs at once post once; a run that finds the tag posts nothing.

What can go wrong, and what is left behind:
- the list server refuses the issue, or cannot be reached: nothing went out, the tag is
  removed, the next run tries again (exit 1 for a refusal to fix, 75 to try later);
- the issue was handed over and the answer was lost: it may have gone out. The tag stays,
  so nothing is ever posted twice by itself, and the operator is told how to settle it
  (exit 75).
With NEWSLETTER_BACKEND = "equipe" there is no list server: it says so and exits with 0
(the workflow runs for every site).

The list's address comes from the site's settings (`-s`, publishconf.py), the server's
credentials from the environment: NEWSLETTER_LIST_API (its REST address),
NEWSLETTER_LIST_USER, NEWSLETTER_LIST_PASSWORD, and NEWSLETTER_GIT_TOKEN when the tags'
repository asks for one (the workflow's token).
"""

from __future__ import annotations

import base64
import os
import subprocess
from datetime import datetime, timedelta
from email import policy
from email.parser import BytesParser
from email.utils import format_datetime, formataddr
from pathlib import Path
from zoneinfo import ZoneInfo

from catalyst.model.errors import SettingsError
from catalyst.model.lists import PostRefused, PostUncertain, PostUnreachable, backends
from catalyst.model.settings_spec import value
from catalyst.tools.commands import invoke_command

from .french import fr, refuse, say, typeset, warn
from .issue import check_id

TAG = "refs/tags/lettre/{issue}"
CREDENTIALS = ("NEWSLETTER_LIST_API", "NEWSLETTER_LIST_USER", "NEWSLETTER_LIST_PASSWORD")


def last_week(timezone: str) -> str:
    """The ID of the week before this one, in the site's time zone."""
    year, week, _ = (datetime.now(ZoneInfo(timezone)) - timedelta(days=7)).isocalendar()
    return f"{year}-s{week:02d}"


def post(
    *,
    output: Path,
    settings_file: Path,
    overrides: dict | None = None,
    issue: str | None = None,
    remote: str = "origin",
    dry_run: bool = False,
) -> int:
    from pelican.settings import read_settings

    from plugins.newsletter.options import read_options
    from plugins.newsletter.subscription import SETTINGS, read_subscription

    settings = read_settings(str(settings_file), override=overrides or {})
    backend = str(value(settings, SETTINGS, "NEWSLETTER_BACKEND"))
    poster = getattr(backends().get(backend), "post", None)
    if poster is None:  # the scheduled workflow runs for every site: not an error
        say(
            "NEWSLETTER_BACKEND = « {backend} » : aucun serveur de listes ne garde les abonnés, "
            "rien à poster (la lettre s’envoie avec « {invoke} newsletter.send »).",
            backend=backend,
            invoke=invoke_command(),
        )
        return 0
    try:
        options = read_options(settings)
        read_subscription(settings, name=options.name, contact=options.subscribe_email)
    except SettingsError as error:
        raise refuse(
            "Réglage à corriger dans {file} : {error}", file=settings_file, error=error
        ) from None
    address = str(value(settings, SETTINGS, "NEWSLETTER_LIST_ADDRESS"))
    issue = check_id(issue) if issue else last_week(settings.get("TIMEZONE") or "Europe/Paris")
    if not Path(output, options.save_as).is_file():
        raise refuse("Aucun site construit dans {output} : construisez-le d’abord.", output=output)
    eml = Path(output, options.eml_save_as.format(id=issue))
    if not eml.is_file():
        say(
            "Pas de lettre {issue} (aucun texte publié cette semaine-là) : rien à poster.",
            issue=issue,
        )
        return 0
    claims = Claims(remote, os.environ.get("NEWSLETTER_GIT_TOKEN"))
    if claims.exists(issue):
        say(
            "La lettre {issue} a déjà été postée (étiquette {tag}) : rien à faire.",
            issue=issue,
            tag=claims.tag(issue),
        )
        return 0
    message = addressed(eml.read_bytes(), issue, options.name, address)
    if dry_run:
        say(
            "Essai : la lettre {issue} serait postée à {address} ; rien n’est envoyé.",
            issue=issue,
            address=address,
        )
        return 0
    credentials = {name: os.environ.get(name, "") for name in CREDENTIALS}
    if missing := [name for name, text in credentials.items() if not text]:
        raise refuse("Il manque {names} (voir docs/lettre.md).", names=", ".join(missing))
    if not claims.take(issue):
        say("La lettre {issue} vient d’être postée par un autre envoi : rien à faire.", issue=issue)
        return 0
    api, user, password = credentials.values()
    try:
        differences = poster(message, rest_url=api, user=user, password=password)
    except (PostRefused, PostUnreachable) as error:
        code = 1 if isinstance(error, PostRefused) else 75
        then = "la prochaine exécution réessaiera" if code == 75 else "corrigez, puis relancez"
        if not claims.give_back(issue):
            then = "supprimez l’étiquette {tag} (git push origin :{tag}), puis relancez"
        raise refuse(
            "La lettre {issue} n’est pas partie : {reason}.",
            "Rien n’a été envoyé ; " + then + ".",
            issue=issue,
            reason=str(error),
            tag=claims.tag(issue),
            code=code,
        ) from None
    except PostUncertain as error:
        raise refuse(
            "La lettre {issue} a peut-être été postée : {reason}.",
            "Elle ne sera pas repostée d’elle-même. Regardez si elle est arrivée (archives de "
            "la liste, ou la boîte d’un abonné ; son Message-ID est {mid}).",
            "Arrivée : il n’y a rien à faire. Pas arrivée : supprimez l’étiquette "
            "(git push origin :{tag}), puis relancez.",
            issue=issue,
            reason=str(error),
            mid=message_id(issue, address),
            tag=claims.tag(issue),
            code=75,
        ) from None
    for difference in differences:
        warn("Attention, {what} (voir docs/lettre.md).", what=typeset(difference))
    say(
        "La lettre {issue} est postée à {address} ; la liste la distribue.",
        issue=issue,
        address=address,
    )
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(
                fr("La lettre {issue} est postée à {address}.\n", issue=issue, address=address)
            )
    return 0


def message_id(issue: str, address: str) -> str:
    return f"<lettre-{issue}@{address.rpartition('@')[2]}>"


def addressed(eml: bytes, issue: str, name: str, address: str) -> bytes:
    """The issue as a post to the list: To the list, a Message-ID of its own, a Date."""
    message = BytesParser(policy=policy.SMTP).parsebytes(eml)
    for header in ("To", "Message-ID", "Date"):
        del message[header]
    message["To"] = formataddr((name, address))
    message["Message-ID"] = message_id(issue, address)
    message["Date"] = format_datetime(datetime.now().astimezone())
    return message.as_bytes()


class Claims:
    """`lettre/<ID>` tags on a git remote: who has posted which issue."""

    def __init__(self, remote: str, token: str | None) -> None:
        self.remote = remote
        self.config: list[str] = []
        if token:
            basic = base64.b64encode(f"x-access-token:{token}".encode()).decode("ascii")
            self.config = ["-c", f"http.extraheader=AUTHORIZATION: basic {basic}"]

    def tag(self, issue: str) -> str:
        return TAG.format(issue=issue)

    def exists(self, issue: str) -> bool:
        listed = self._git("ls-remote", self.remote, self.tag(issue))
        if listed.returncode:
            raise refuse(
                "Impossible de lire les étiquettes du dépôt {remote} : {error}",
                remote=self.remote,
                error=listed.stderr.strip(),
                code=75,
            )
        return bool(listed.stdout.strip())

    def take(self, issue: str) -> bool:
        """Push the tag; False when another run pushed it first."""
        pushed = self._git("push", "--quiet", self.remote, f"HEAD:{self.tag(issue)}")
        if pushed.returncode == 0:
            return True
        if self.exists(issue):
            return False
        raise refuse(
            "Impossible de poser l’étiquette {tag} sur {remote} : {error}",
            tag=self.tag(issue),
            remote=self.remote,
            error=pushed.stderr.strip(),
            code=75,
        )

    def give_back(self, issue: str) -> bool:
        return self._git("push", "--quiet", self.remote, f":{self.tag(issue)}").returncode == 0

    def _git(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", *self.config, *args], capture_output=True, text=True, check=False
        )
