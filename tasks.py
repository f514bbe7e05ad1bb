"""Everyday commands: `invoke --list` shows them, `invoke --help NAME` explains one.

The names and meanings are those pelican-quickstart users know (build, rebuild,
regenerate, serve, reserve, preview, livereload, publish, clean), plus check,
check-site, test and lint. Each task only wraps `catalyst`: builds run
`python -m catalyst build` (Pelican with fatal warnings, outcomes in French) and
are atomic; catalyst/tools/release.py explains why and how. The `newsletter.*` tasks
(send, settle, preview, test, subscribers, post) wrap `python -m catalyst.tools.newsletter`.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path

from invoke import Collection, Task, task
from invoke.exceptions import Exit
from invoke.parser.parser import ParseMachine

from catalyst.tools.commands import invoke
from catalyst.tools.release import (
    build_atomically,
    builds_folder,
    prune,
    remove_output,
    watch_and_rebuild,
)

ROOT = Path(__file__).resolve().parent
CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
DEV_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
PORT = 8000
PORT_HELP = f"port to listen on (default {PORT})"


def _build(settings: Path, what: str, again: str, *, force: bool = False) -> None:
    if not build_atomically(output=OUTPUT, settings=settings, content=CONTENT, force=force):
        raise Exit(
            f"Échec : {what} ; le site servi n’a pas changé. "
            f"Corrigez ce que signalent les messages ci-dessus, puis relancez « {again} ».",
            code=1,
        )


def _run(c, command: str, failure: str) -> None:
    result = c.run(command, warn=True, pty=False)
    if result is None or result.failed:
        raise Exit(failure, code=1)


@task
def clean(c):
    """Remove the generated site (output, output.builds/)."""
    remove_output(OUTPUT)


@task
def build(c):
    """Build the site into output/ with the development settings."""
    _build(DEV_SETTINGS, "la construction du site", invoke("build"))


@task
def rebuild(c):
    """Build even if nothing has changed, then remove every older build."""
    _build(DEV_SETTINGS, "la construction du site", invoke("rebuild"), force=True)
    prune(builds_folder(OUTPUT), keep=(OUTPUT.resolve(),))


@task(help={"publish": "use publishconf.py: warnings fail too", "inventory": "list every file"})
def check(c, publish=False, inventory=False):
    """Check every content file and print the report, without building (fast)."""
    settings = PUBLISH_SETTINGS if publish else DEV_SETTINGS
    command = f'"{sys.executable}" -m catalyst check "{CONTENT}" -s "{settings}"'
    if inventory:
        command += " --inventory"
    failure = (
        "Échec de la vérification : corrigez ce qui est signalé ci-dessus, "
        f"puis relancez « {invoke('check')} »."
    )
    _run(c, command, failure)


@task
def regenerate(c):
    """Rebuild (atomically) whenever content, theme or settings change."""
    watch_and_rebuild(DEV_SETTINGS, CONTENT, output=OUTPUT)


def _serve(port, retry: str) -> None:
    from catalyst.tools.serve import ServeError, serve

    try:
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C: the server stops, nothing else
            serve(OUTPUT, int(port), retry=retry)
    except ServeError as error:
        raise Exit(str(error), code=1) from None


@task(help={"port": PORT_HELP})
def serve(c, port=PORT):
    """Serve output/ on http://localhost:PORT, a missing page answered by the site's 404 page."""
    _serve(port, invoke("serve"))


@task(pre=[build], help={"port": PORT_HELP})
def reserve(c, port=PORT):
    """Build, then serve on http://localhost:PORT."""
    _serve(port, invoke("reserve"))


@task(help={"port": PORT_HELP, "api-port": "decap-server's port (default 8081)"})
def editeur(c, port=PORT, api_port=8081):
    """Try the web editor (/admin/) here: it saves into this repository, nothing is pushed.

    Builds the site into cache/editeur/ with the editor's local backend, starts decap-server
    (./bootstrap.sh --dev installs it) and serves the site, both on 127.0.0.1, until Ctrl+C.
    « Enregistrer » makes a `cms/…` branch with one commit, « Publier » merges it into the
    current branch. Refused while changes are not committed (they would go into its commits).
    """
    from catalyst.tools.local_editor import EditorError, run

    try:
        run(
            repository=ROOT,
            settings=DEV_SETTINGS,
            content=CONTENT,
            output=ROOT / "cache" / "editeur",
            port=int(port),
            api_port=int(api_port),
        )
    except EditorError as error:
        raise Exit(str(error), code=1) from None


@task
def preview(c):
    """Build with the production settings (publishconf.py), without publishing."""
    _build(PUBLISH_SETTINGS, "la construction de production", invoke("preview"))


@task(help={"port": PORT_HELP})
def livereload(c, port=PORT):
    """Serve on http://127.0.0.1:PORT, rebuild on every save; the open page reloads itself.

    Each rebuild is atomic, as `build`; a refused change shows its report over the page. The
    search index is left out (seconds on a large site; the search page says so).
    """
    from catalyst.tools.preview import serve

    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C: the preview stops, nothing else
        serve(
            output=OUTPUT,
            settings=DEV_SETTINGS,
            content=CONTENT,
            port=int(port),
            extra={"SEARCH_INDEX": False},
        )


@task
def publish(c):
    """Build the production site into output/, ready to deploy (see docs/publication.md)."""
    _build(PUBLISH_SETTINGS, "la publication", invoke("publish"))


@task(help={"report": "also write the report to this file (default: quality-report.txt)"})
def check_site(c, report="quality-report.txt"):
    """Build, then check the site as readers' tools do: axe, Nu, Lighthouse, links, feeds."""
    build(c)
    command = f'"{sys.executable}" -m quality "{OUTPUT}" --report "{ROOT / report}"'
    failure = (
        f"Le contrôle du site a trouvé des problèmes : corrigez ceux listés ci-dessus "
        f"(et dans {report}), puis relancez « {invoke('check-site')} »."
    )
    _run(c, command, failure)


def _new_task() -> Task:
    """`invoke new TYPE "Titre" [--option valeur…]`, its options taken from the content model."""
    from inspect import Parameter, Signature

    from pelican.settings import read_settings

    from catalyst.model import read_model
    from catalyst.tools.new_content import command_word, options

    model = read_model(read_settings(str(DEV_SETTINGS)))
    offered = options(model)
    names = [n for n in offered if n not in ("type", "titre")]
    words = [command_word(t) for t in model.types]  # from content_types/*.toml

    def new(c, type="", titre="", **given):
        """Create a text of any type the content model declares."""
        from catalyst.tools.new_content import NewError, run

        ask = _ask if sys.stdin.isatty() else None
        given = {name: value for name, value in given.items() if value}
        try:
            kind = type or _ask_type(ask, words)
            made = run(DEV_SETTINGS, CONTENT, kind, titre or "", given, ask=ask)
        except NewError as error:
            raise Exit(f"Rien n’a été écrit : {error}.", code=1) from None
        print(f"Créé : content/{made.rel}")
        for line in made.to_complete:
            print(f"À compléter : {line}")
        if made.url:
            print(
                f"Aperçu : lancez « {invoke('livereload')} », puis ouvrez "
                f"http://127.0.0.1:{PORT}/{made.url}"
            )

    parameters = [Parameter("c", Parameter.POSITIONAL_OR_KEYWORD)]
    parameters += [
        Parameter(n, Parameter.POSITIONAL_OR_KEYWORD, default=None) for n in ("type", "titre")
    ]
    parameters += [Parameter(n, Parameter.POSITIONAL_OR_KEYWORD, default="") for n in names]
    new.__signature__ = Signature(parameters)
    help_ = {
        **offered,
        "type": " ou ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words),
        "titre": "le titre",
    }
    return task(new, positional=["type", "titre"], help=help_, auto_shortflags=False)


def _ask(question: str, suggested: str) -> str:
    shown = f" [{suggested}]" if suggested else ""
    return input(f"{question}{shown}\u00a0: ").strip() or suggested


def _ask_type(ask, words: list[str]) -> str:
    if ask is None:
        raise Exit(
            "Rien n’a été écrit : donnez le type, par exemple "
            f'« {invoke("new article")} "Mon titre" ».',
            code=1,
        )
    return ask(f"Type de texte ({', '.join(words)})", words[0])


new = _new_task()
# Invoke's positional arguments are always required, and a testimonial or a letter has no
# title (`invoke new temoignage --evenement …`): when the type or the title of `new` is left
# out, it is empty, then asked for in a terminal or said to be missing, in French.
_complete_context = ParseMachine.complete_context


def _title_may_be_left_out(parser: ParseMachine) -> None:
    if parser.context is not None and parser.context.name == "new":
        for arg in parser.context.positional_args:
            if arg.value is None:  # the type is asked for too
                arg.value = ""
    _complete_context(parser)


ParseMachine.complete_context = _title_may_be_left_out


@task(help={"size": "articles in the synthetic corpus (1000; 10000 documented)",
            "runs": "runs of each cold build (medians)"})  # fmt: skip
def bench(c, size=1000, runs=3):
    """This project against vanilla Pelican (and Hugo), side by side; figures to a file."""
    argv = [
        sys.executable,
        str(ROOT / "benchmarks" / "bench.py"),
        "--size",
        str(int(size)),
        "--runs",
        str(int(runs)),
    ]
    _run(c, subprocess.list2cmdline(argv), "Le banc d’essai s’est arrêté sur une erreur.")


@task(help={"args": "extra arguments for pytest, e.g. '-k feeds -x'"})
def test(c, args=""):
    """Run the whole test suite (builds real sites into temporary folders)."""
    failure = (
        f"Des tests échouent (ci-dessus) : « {invoke('test --args -x')} » s’arrête au premier."
    )
    # One pytest worker per core; tests marked with one xdist_group share a worker (and the
    # fixtures they build, such as the real site's Lighthouse audit).
    _run(c, f'"{sys.executable}" -m pytest -n auto --dist loadgroup {args}', failure)


@task
def captures(c):
    """Retake CONTRIBUTING.md's screenshots (docs/captures/) with the test browser."""
    argv = [sys.executable, "-m", "catalyst.tools.captures", str(ROOT / "docs" / "captures")]
    _run(c, subprocess.list2cmdline(argv), "Les captures n’ont pas pu être prises (ci-dessus).")


@task(help={"fix": "apply ruff's safe fixes and reformat"})
def lint(c, fix=False):
    """Check the code with ruff (lint and format)."""
    failure = (
        f"ruff signale des problèmes ci-dessus : « {invoke('lint --fix')} » corrige ce qu’il peut."
    )
    if fix:
        _run(c, f'"{sys.executable}" -m ruff check --fix .', failure)
        _run(c, f'"{sys.executable}" -m ruff format .', failure)
    _run(c, f'"{sys.executable}" -m ruff check .', failure)
    _run(c, f'"{sys.executable}" -m ruff format --check .', failure)


# The weekly letter: `invoke newsletter.send --issue 2026-s49` and the like. Each task runs
# `python -m catalyst.tools.newsletter` on this terminal (it asks before sending only on one);
# its French messages and exit code are the task's.


def _newsletter(*args: str) -> None:
    process = subprocess.Popen([sys.executable, "-m", "catalyst.tools.newsletter", *args], cwd=ROOT)
    while True:
        try:
            code = process.wait()
            break
        except KeyboardInterrupt:  # the sender got the Ctrl-C too and stops after this message
            continue
    if code:
        raise Exit(code=code)


def _issue(issue: str | None) -> list[str]:
    return ["--issue", issue] if issue else []


@task(
    name="send",
    help={
        "issue": "le numéro, par exemple 2026-s49",
        "dry-run": "lister qui la recevrait, sans rien envoyer ni écrire",
        "yes": "ne pas demander de confirmation",
        "force": "envoyer de nouveau un numéro déjà envoyé, à tous",
        "retry-failed": "réessayer les adresses refusées",
    },
)
def newsletter_send(c, issue=None, dry_run=False, yes=False, force=False, retry_failed=False):
    """Envoyer un numéro de la lettre aux abonnés (la même commande reprend un envoi arrêté)."""
    flags = {"--dry-run": dry_run, "--yes": yes, "--force": force, "--retry-failed": retry_failed}
    _newsletter("send", *_issue(issue), *(flag for flag, on in flags.items() if on))


@task(
    name="settle",
    positional=["address"],
    help={
        "issue": "le numéro, par exemple 2026-s49",
        "address": "l’adresse dont la réception est incertaine",
        "received": "la personne a reçu la lettre : ne jamais la lui renvoyer",
        "resend": "la personne ne l’a pas reçue : la lui renvoyer au prochain envoi",
    },
)
def newsletter_settle(c, address=None, issue=None, received=False, resend=False):
    """Régler une réception incertaine (connexion coupée avant la réponse du serveur)."""
    flags = {"--received": received, "--resend": resend}
    args = ["settle", *_issue(issue), *(flag for flag, on in flags.items() if on)]
    _newsletter(*args, *([address] if address else []))


@task(
    name="post",
    help={
        "issue": "le numéro (par défaut : celui de la semaine passée)",
        "dry_run": "dire ce qui serait posté, sans rien poster",
    },
)
def newsletter_post(c, issue=None, dry_run=False):
    """Poster un numéro à la liste de diffusion (serveur de listes), une seule fois."""
    args = ["post", "-s", str(ROOT / "publishconf.py"), *(["--issue", issue] if issue else [])]
    _newsletter(*args, *(["--dry-run"] if dry_run else []))


@task(name="preview", help={"issue": "le numéro, par exemple 2026-s49"})
def newsletter_preview(c, issue=None):
    """Afficher l’objet et le texte d’un numéro, et écrire sa version HTML dans un fichier."""
    _newsletter("preview", *_issue(issue))


@task(name="test", help={"issue": "le numéro", "to": "l’adresse qui reçoit l’essai"})
def newsletter_test(c, issue=None, to=None):
    """Envoyer un numéro à une seule adresse, pour essayer (sans rien noter au journal)."""
    _newsletter("test", *_issue(issue), *(["--to", to] if to else []))


@task(
    name="subscribers",
    positional=["action", "target"],
    help={
        "action": "add, remove, import ou export",
        "target": "une adresse (add, remove) ou un fichier CSV (import, export)",
        "name": "le nom de la personne (add)",
    },
)
def newsletter_subscribers(c, action=None, target=None, name=None):
    """Gérer les abonnés — add ADRESSE [--name NOM], remove ADRESSE, import/export FICHIER."""
    args = ["subscribers", *(value for value in (action, target) if value)]
    _newsletter(*args, *(["--name", name] if name else []))


NEWSLETTER = (
    newsletter_send,
    newsletter_settle,
    newsletter_post,
    newsletter_preview,
    newsletter_test,
    newsletter_subscribers,
)
# Every task above at the top level, and the newsletter ones under `newsletter.`.
ns = Collection(
    *(t for t in list(globals().values()) if isinstance(t, Task) and t not in NEWSLETTER)
)
ns.add_collection(Collection("newsletter", *NEWSLETTER))
