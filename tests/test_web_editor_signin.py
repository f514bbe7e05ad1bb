"""Signing in to the web editor through the OAuth proxy, in Chromium; nothing leaves this machine.

On the live site, a volunteer signs in to GitHub through an OAuth proxy
(WEB_EDITOR_AUTH_URL, Decap's `base_url`): Sveltia CMS Authenticator, a
Cloudflare Worker. Here two stand-ins on 127.0.0.1 play the parts that are not
ours: GitHub (its OAuth pages, which approve at once, and the REST API calls
Decap makes to sign in) and the proxy, written after sveltia-cms-auth's
documented protocol. The site is built with the proxy's address and the
stand-in's API, served on 127.0.0.1 and opened at /admin/. Decap's French
button « Se connecter avec GitHub » opens the proxy's popup; the token asked
for is `public_repo`, GitHub sees the proxy's client, the API sees the token,
and a volunteer who cannot write to the repository is offered a fork (open
authoring) instead of being refused. A proxy that does not list the site's
hostname in ALLOWED_DOMAINS hands it no token. Every request to another host
is refused and recorded: there is none.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit
from urllib.request import Request, urlopen

import pytest
from playwright.sync_api import Browser, expect

from conftest import ROOT, build_site
from quality.browser import new_context, open_browser
from quality.server import SiteServer, serve

pytestmark = pytest.mark.browser

REPOSITORY = "anis-catalyst/catalyst-publications"  # COLLECTIONS_REPOSITORY
CLIENT_ID = "Iv1.essai0123456789"
CLIENT_SECRET = "secret-" + "0" * 33
VOLUNTEER = {"login": "benevole-essai", "id": 4242, "name": "Bénévole d’essai", "type": "User"}
FORK = f"{VOLUNTEER['login']}/{REPOSITORY.split('/')[1]}"
API = "/api/v3"  # the stand-in's api_root, as on GitHub Enterprise
SIGN_IN = "Se connecter avec GitHub"  # Decap 3.16.3's French auth.loginWithGitHub
FORK_BUTTON = "Fork the repo"  # Decap does not translate its open-authoring step
# A bound, not a pace: every wait ends as soon as the page is ready; a busy machine (Decap's
# 5 MB bundle parsed by a loaded CPU) must not fail the test.
WAIT_MS = 60_000


# A tiny web framework for the two stand-ins: one call in, one reply out.


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # names in lower case
    body: bytes
    status: int = 0  # the reply's, once answered

    @property
    def authorization(self) -> str | None:
        return self.headers.get("authorization")

    def form(self) -> dict[str, str]:
        """The body's fields, sent as JSON or as a form."""
        if "json" in self.headers.get("content-type", ""):
            return {k: str(v) for k, v in json.loads(self.body or b"{}").items()}
        return dict(parse_qsl(self.body.decode()))


@dataclass
class Reply:
    status: int = 200
    body: str | dict | list = ""
    headers: dict[str, str] = field(default_factory=dict)


@contextmanager
def serve_app(app: Callable[[Call], Reply]) -> Iterator[str]:
    """Answer HTTP on 127.0.0.1 (an ephemeral port) with `app`, from a thread: its base URL."""

    class Handler(BaseHTTPRequestHandler):
        def answer(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            call = Call(
                self.command,
                parts.path,
                dict(parse_qsl(parts.query)),
                {k.lower(): v for k, v in self.headers.items()},
                self.rfile.read(length),
            )
            reply = app(call)
            call.status = reply.status
            body = reply.body
            if isinstance(body, dict | list):
                body = json.dumps(body)
                reply.headers.setdefault("Content-Type", "application/json; charset=utf-8")
            data = body.encode()
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = answer

        def log_message(self, format: str, *args) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="stand-in", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


class GitHubStandIn:
    """GitHub as an OAuth app and Decap's GitHub backend see it, for one volunteer.

    `/login/oauth/authorize` approves at once: it sends the browser back to the app's
    registered callback (`callback`) with a one-time code and the state it was given.
    `/login/oauth/access_token` trades that code, with the app's id and secret, for a
    token. Under `API`, the REST calls Decap makes to sign in, answered for that token
    only; anything else is 404, as GitHub answers what does not exist. Every call is kept.
    """

    def __init__(self, *, permission: str = "read") -> None:
        self.base_url = ""  # set once served
        self.callback = ""  # the OAuth app's callback URL: the proxy's
        self.permission = permission  # the volunteer's on REPOSITORY: read, write, admin
        self.token = ""
        self.stale: set[str] = set()  # the tokens of tests before, which closed their tab
        self.reset()

    def reset(self) -> None:
        """A new test: a new token; a late request of the tab before is never this test's."""
        self.stale.add(self.token)
        self.token = "gho_" + secrets.token_hex(18)
        self.calls: list[Call] = []
        self.codes: set[str] = set()  # issued, not yet traded
        self.forked = False

    def api_calls(self) -> list[Call]:
        """The API calls, without the browser's CORS preflights."""
        return [c for c in self.calls if c.path.startswith(API) and c.method != "OPTIONS"]

    def __call__(self, call: Call) -> Reply:
        token = call.authorization.split(" ")[-1] if call.authorization else ""
        if token and token in self.stale:  # sent by a tab closed since: answered, not counted
            return Reply(401, {"message": "Bad credentials"})
        self.calls.append(call)
        if call.method == "GET" and call.path == "/login/oauth/authorize":
            return self.authorize(call)
        if call.method == "POST" and call.path == "/login/oauth/access_token":
            return self.access_token(call)
        if call.path.startswith(API + "/"):
            reply = self.api(call, call.path.removeprefix(API))
            reply.headers.update(CORS)
            return reply
        return Reply(404, "Not Found")

    def authorize(self, call: Call) -> Reply:
        if call.query.get("client_id") != CLIENT_ID:
            return Reply(404, "Not Found")
        code = secrets.token_hex(10)
        self.codes.add(code)
        target = self.callback + "?" + urlencode({"code": code, "state": call.query["state"]})
        return Reply(302, headers={"Location": target})

    def access_token(self, call: Call) -> Reply:
        sent = call.form()
        if (sent.get("client_id"), sent.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
            found = {"error": "incorrect_client_credentials"}
        elif sent.get("code") not in self.codes:
            found = {"error": "bad_verification_code"}
        else:
            self.codes.discard(sent["code"])
            found = {"access_token": self.token, "token_type": "bearer", "scope": "public_repo"}
        if "application/json" in call.headers.get("accept", ""):
            return Reply(200, found)
        return Reply(200, urlencode(found), {"Content-Type": "application/x-www-form-urlencoded"})

    def api(self, call: Call, path: str) -> Reply:
        if call.method == "OPTIONS":
            return Reply(204)
        if call.authorization not in (f"token {self.token}", f"Bearer {self.token}"):
            return Reply(401, {"message": "Bad credentials"})
        route = (call.method, path)
        if route == ("GET", "/user"):
            return Reply(200, {**VOLUNTEER, "avatar_url": ""})
        if route == ("GET", f"/repos/{REPOSITORY}/collaborators/{VOLUNTEER['login']}/permission"):
            return Reply(200, {"permission": self.permission, "user": VOLUNTEER})
        if route == ("GET", f"/repos/{REPOSITORY}"):
            return Reply(200, _repository(REPOSITORY, push=self.permission in ("write", "admin")))
        if route == ("POST", f"/repos/{REPOSITORY}/forks"):
            self.forked = True
            return Reply(202, _repository(FORK, push=True, parent=REPOSITORY))
        if self.forked and route == ("GET", f"/repos/{FORK}"):
            return Reply(200, _repository(FORK, push=True, parent=REPOSITORY))
        if self.forked and route == ("POST", f"/repos/{FORK}/merge-upstream"):
            return Reply(
                200,
                {
                    "message": "This branch is not behind the upstream",
                    "merge_type": "none",
                    "base_branch": "main",
                },
            )
        return Reply(404, {"message": "Not Found"})


CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, PATCH, PUT, DELETE",
    "Access-Control-Allow-Headers": "Authorization, Content-Type, If-None-Match",
    "Access-Control-Max-Age": "600",
}


def _repository(name: str, *, push: bool, parent: str | None = None) -> dict:
    owner = name.split("/")[0]
    found = {
        "full_name": name,
        "name": name.split("/")[1],
        "owner": {"login": owner},
        "private": False,
        "default_branch": "main",
        "fork": parent is not None,
        "permissions": {"admin": False, "push": push, "pull": True},
    }
    if parent:
        found["parent"] = {"full_name": parent}
    return found


class ProxyStandIn:
    """An OAuth proxy that follows sveltia-cms-auth's documented protocol (its README and
    src/index.js), written here so that this test exercises our config against it.

    `GET /auth?provider=github&site_id=…&scope=…`: the site's hostname must match
    ALLOWED_DOMAINS (comma-separated, `*` for any subdomain; empty: any); a scope outside
    the known ones is replaced by `repo,user`; a CSRF state goes in a cookie and GitHub's
    authorize page is next. `GET /callback?code=…&state=…`: the state must be the
    cookie's; the code is traded for a token; the page then says `authorizing:github` to
    its opener and answers the opener's reply with `authorization:github:success:{…}` (or
    `…:error:{…}`), the token going only to an origin whose hostname is allowed.
    """

    SCOPES = ("repo", "public_repo", "user", "read:user", "user:email")

    def __init__(self, *, allowed_domains: str = "") -> None:
        self.github = ""  # GitHub's base URL (https://{GITHUB_HOSTNAME} for the worker)
        self.allowed_domains = allowed_domains
        self.calls: list[Call] = []

    def patterns(self) -> list[str]:
        names = [n.strip() for n in self.allowed_domains.split(",") if n.strip()]
        return ["^" + re.escape(n).replace(r"\*", ".+") + "$" for n in names]

    def __call__(self, call: Call) -> Reply:
        self.calls.append(call)
        if call.method == "GET" and call.path == "/auth":
            return self.auth(call)
        if call.method == "GET" and call.path == "/callback":
            return self.callback(call)
        return Reply(404)

    def auth(self, call: Call) -> Reply:
        if call.query.get("provider") != "github":
            return self.page(error=("UNSUPPORTED_BACKEND", "Only GitHub is served here."))
        site = call.query.get("site_id", "")
        if self.patterns() and not any(re.match(p, site) for p in self.patterns()):
            return self.page(error=("UNSUPPORTED_DOMAIN", "This site may not sign in here."))
        asked = [s for s in re.split(r"[\s,]+", call.query.get("scope", "")) if s]
        scope = ",".join(asked) if asked and set(asked) <= set(self.SCOPES) else "repo,user"
        state = secrets.token_hex(16)
        query = urlencode({"client_id": CLIENT_ID, "scope": scope, "state": state})
        return Reply(
            302,
            headers={
                "Location": f"{self.github}/login/oauth/authorize?{query}",
                "Set-Cookie": f"csrf-token=github_{state}; HttpOnly; Path=/; Max-Age=600; "
                "SameSite=Lax; Secure",
            },
        )

    def callback(self, call: Call) -> Reply:
        cookie = re.search(r"\bcsrf-token=github_([0-9a-f]{32})\b", call.headers.get("cookie", ""))
        code, state = call.query.get("code"), call.query.get("state")
        if not cookie or not code or state != cookie.group(1):
            return self.page(error=("CSRF_DETECTED", "The state does not match: start again."))
        exchange = Request(
            f"{self.github}/login/oauth/access_token",
            data=json.dumps(
                {"code": code, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}
            ).encode(),
            headers={"Accept": "application/json", "Content-Type": "application/json"},
        )
        with urlopen(exchange, timeout=10) as response:
            found = json.load(response)
        if not found.get("access_token"):
            return self.page(error=("TOKEN_REQUEST_FAILED", found.get("error", "no token")))
        return self.page(token=found["access_token"])

    def page(self, *, token: str = "", error: tuple[str, str] = ("", "")) -> Reply:
        """The popup's last page: it hands the token (or the error) to the window that opened it.

        An error is `{provider, error, errorCode}`, as the worker sends it; Decap 3.16.3 shows
        only an error's `message`, which this has not: the page's init.js explains it.
        """
        if token:
            message = "authorization:github:success:" + json.dumps(
                {"provider": "github", "token": token}
            )
        else:
            message = "authorization:github:error:" + json.dumps(
                {"provider": "github", "error": error[1], "errorCode": error[0]}
            )
        values = {"patterns": self.patterns(), "token": bool(token), "message": message}
        script = HANDSHAKE.replace("VALUES", json.dumps(values).replace("<", "\\u003c"))
        return Reply(
            200,
            f"<!doctype html><html><body><script>{script}</script></body></html>",
            {
                "Content-Type": "text/html; charset=utf-8",
                "Set-Cookie": "csrf-token=; HttpOnly; Max-Age=0; Path=/; SameSite=Lax; Secure",
            },
        )


HANDSHAKE = """
const values = VALUES;
const allowed = (origin) => {
  let host;
  try { host = new URL(origin).hostname; } catch { return false; }
  return values.patterns.some((pattern) => new RegExp(pattern).test(host));
};
window.addEventListener("message", (event) => {
  if (event.data !== "authorizing:github") return;
  if (values.token && values.patterns.length && !allowed(event.origin)) return;
  if (window.opener) window.opener.postMessage(values.message, event.origin);
});
if (window.opener) window.opener.postMessage("authorizing:github", "*");
"""


@dataclass
class Rig:
    github: GitHubStandIn
    proxy: ProxyStandIn
    proxy_url: str
    server: SiteServer  # the site, built to sign in through the two stand-ins
    browser: Browser


@pytest.fixture(scope="module")
def rig(tmp_path_factory) -> Iterator[Rig]:
    """The stand-ins, the site built to sign in through them and served, and a Chromium."""
    github, proxy = GitHubStandIn(), ProxyStandIn()
    with serve_app(github) as github_url, serve_app(proxy) as proxy_url:
        github.base_url, github.callback = github_url, proxy_url + "/callback"
        proxy.github = github_url
        extra = {
            "WEB_EDITOR_AUTH_URL": proxy_url,
            "WEB_EDITOR_API_ROOT": github_url + API,
            "SEARCH_INDEX": False,
        }
        site = build_site(ROOT / "content", tmp_path_factory.mktemp("signin") / "site", extra=extra)
        assert site.returncode == 0, site.log
        with serve(site.output) as server, open_browser() as browser:
            yield Rig(github, proxy, proxy_url, server, browser)


class Tab:
    """The editor in one tab of a fresh profile; every request of it and its popups kept."""

    def __init__(self, context, rig: Rig) -> None:
        self.context, self.rig = context, rig
        self.requested: list[str] = []
        self.outside: list[str] = []  # to another host than this machine (refused)
        self.errors: list[str] = []
        # new_context refuses every host but the site's: the stand-ins are this machine too.
        context.route(
            lambda url: urlsplit(url).hostname == "127.0.0.1", lambda route: route.continue_()
        )
        context.on("request", self._started)
        context.set_default_timeout(WAIT_MS)
        self.page = context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _started(self, request) -> None:
        self.requested.append(request.url)
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != "127.0.0.1":
            self.outside.append(request.url)

    def sign_in(self) -> None:
        """Open /admin/, press « Se connecter avec GitHub », until Decap closes the popup."""
        self.page.goto(self.rig.server.url("/admin/"))
        with self.context.expect_page() as opened:
            self.page.get_by_role("button", name=SIGN_IN).click()
        popup = opened.value
        if not popup.is_closed():
            popup.wait_for_event("close")  # Decap closes it once it has the proxy's answer

    def stored_user(self) -> dict | None:
        """What Decap keeps of whoever signed in (their token with it)."""
        found = self.page.evaluate("() => localStorage.getItem('decap-cms-user')")
        return json.loads(found) if found else None


@contextmanager
def tab(rig: Rig, *, allowed_domains: str) -> Iterator[Tab]:
    rig.github.reset()
    rig.proxy.calls.clear()
    rig.proxy.allowed_domains = allowed_domains
    with new_context(rig.browser, rig.server, width="desktop") as context:
        opened = Tab(context, rig)
        try:
            yield opened
        except Exception:  # the test's output shows what Decap showed
            print(opened.page.locator("body").inner_text())
            raise


def test_a_volunteer_without_write_access_signs_in_through_the_proxy_and_gets_a_fork(rig):
    github, proxy = rig.github, rig.proxy
    with tab(rig, allowed_domains="127.0.0.1") as editor:
        editor.sign_in()
        editor.page.get_by_role("button", name=FORK_BUTTON, exact=True).click()  # open authoring
        editor.page.wait_for_url("**/#/collections/**")  # signed in: the collections
        user = editor.stored_user()
        assert editor.outside == []
        assert editor.errors == []
        requested = list(editor.requested)

    # The popup: the proxy (public_repo, for this site's hostname), GitHub's authorize page
    # for the proxy's client and scope public_repo, back to the proxy with the same state.
    oauth = [u for u in requested if u.startswith((rig.proxy_url, github.base_url + "/login/"))]
    assert [urlsplit(u).path for u in oauth] == ["/auth", "/login/oauth/authorize", "/callback"]
    assert dict(parse_qsl(urlsplit(oauth[0]).query)) == {
        "provider": "github",
        "site_id": "127.0.0.1",
        "scope": "public_repo",
    }
    [authorize] = [c for c in github.calls if c.path == "/login/oauth/authorize"]
    assert authorize.query["client_id"] == CLIENT_ID
    assert authorize.query["scope"] == "public_repo"
    [callback] = [c for c in proxy.calls if c.path == "/callback"]
    assert callback.query["state"] == authorize.query["state"]
    # The proxy traded the code with the app's secret: the browser never saw either.
    [exchange] = [c for c in github.calls if c.path == "/login/oauth/access_token"]
    assert exchange.form()["client_secret"] == CLIENT_SECRET
    assert not any(
        github.token in u or CLIENT_SECRET in u or "access_token" in u for u in requested
    )

    # Decap has the token, and every API call carried it.
    assert user and user["token"] == github.token and user["login"] == VOLUNTEER["login"]
    calls = github.api_calls()
    assert calls and all(c.authorization == f"token {github.token}" for c in calls)
    # Not a collaborator (read): no refusal, but open authoring. Decap looks for a fork,
    # asks (« Fork the repo »), forks, waits for the fork, then checks it can write there.
    seen = [(c.method, c.path.removeprefix(API), c.status) for c in calls]
    assert seen[:6] == [
        ("GET", "/user", 200),
        ("GET", f"/repos/{REPOSITORY}/collaborators/{VOLUNTEER['login']}/permission", 200),
        ("GET", f"/repos/{FORK}", 404),  # no fork yet
        ("POST", f"/repos/{REPOSITORY}/forks", 202),
        ("GET", f"/repos/{FORK}", 200),  # the fork exists
        ("GET", f"/repos/{FORK}", 200),  # and the volunteer may push to it
    ], seen
    assert user["useOpenAuthoring"] is True


def test_a_proxy_that_does_not_allow_this_site_hands_it_no_token(rig):
    with tab(rig, allowed_domains="catalyst.example.org") as editor:
        editor.sign_in()  # the popup closed: Decap had the proxy's answer, an error
        expect(editor.page.get_by_role("button", name=SIGN_IN)).to_be_enabled(timeout=WAIT_MS)
        # Decap says nothing of it; the page does, in French, and names who can fix it.
        expect(editor.page.get_by_role("alert")).to_contain_text("ALLOWED_DOMAINS", timeout=WAIT_MS)
        expect(editor.page.get_by_role("alert")).to_contain_text(
            "prévenez l’équipe du site", timeout=WAIT_MS
        )
        assert editor.stored_user() is None
        assert editor.outside == []
        assert editor.errors == []
    asked = [(c.path, c.query.get("site_id")) for c in rig.proxy.calls if c.path != "/favicon.ico"]
    assert asked == [("/auth", "127.0.0.1")]  # refused there: no state, no GitHub
    assert rig.github.calls == []  # neither GitHub's authorize page nor its API


def test_the_editor_refuses_to_start_inside_another_site_s_page(rig):
    """Framed, it could be clicked through unseen: it says so instead of starting."""
    framing = f'<!doctype html><title>x</title><iframe src="{rig.server.url("/admin/")}"></iframe>'
    with (
        serve_app(lambda call: Reply(body=framing, headers={"Content-Type": "text/html"})) as other,
        tab(rig, allowed_domains="") as editor,
    ):
        editor.page.goto(other + "/", wait_until="commit")
        frame = editor.page.frame_locator("iframe")
        expect(frame.locator("body")).to_contain_text(
            "ne s’ouvre pas à l’intérieur", timeout=WAIT_MS
        )
        expect(frame.get_by_role("button", name=SIGN_IN)).to_have_count(0, timeout=WAIT_MS)
        assert editor.errors == []
