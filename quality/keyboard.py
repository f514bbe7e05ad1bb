"""A reader without a mouse: Tab, Shift+Tab and Enter are enough.

Three promises of the theme, checked with real key presses in Chromium:
the first Tab lands on a visible "skip to content" link whose activation puts the
focus in <main>; a focused link shows a focus ring; every link of the main menu is
reached with Tab (opening a menu button with Enter if the theme has one) and
followed with Enter.
"""

from __future__ import annotations

# What the focused element is, in terms the checks need.
ACTIVE = """() => {
  const el = document.activeElement;
  const main = document.querySelector("main");
  const menu = document.querySelector("header nav") || document.querySelector("nav");
  if (!el || el === document.body) return {tag: "body"};
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  const hit = document.elementFromPoint(x, y);
  let target = null;
  const href = el.getAttribute("href") || "";
  if (href.startsWith("#") && href.length > 1) {
    target = document.getElementById(decodeURIComponent(href.slice(1)));
  }
  return {
    tag: el.tagName.toLowerCase(),
    href: el.href || "",
    text: (el.innerText || el.getAttribute("aria-label") || "").trim().slice(0, 60),
    inMain: !!main && main.contains(el),
    inMenu: !!menu && menu.contains(el),
    expanded: el.getAttribute("aria-expanded"),
    skipsToMain: !!target && !!main && (target === main || target.contains(main)
                                         || main.contains(target)),
    visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
             && box.top < innerHeight && box.left < innerWidth
             && !!hit && (hit === el || el.contains(hit)),
    ring: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
          || style.boxShadow !== "none",
  };
}"""
MENU_LINKS = """() => {
  const menu = document.querySelector("header nav") || document.querySelector("nav");
  return menu ? [...menu.querySelectorAll("a[href]")].map(a => a.href) : [];
}"""


def skip_link_problems(page) -> list[str]:
    """On a freshly loaded page: first Tab → skip link, Enter → focus in <main>."""
    page.keyboard.press("Tab")
    first = page.evaluate(ACTIVE)
    if not first.get("skipsToMain"):
        return [f"the first Tab focuses {_describe(first)}, not a link to <main>"]
    problems = []
    if not first["visible"]:
        problems.append("the skip link stays hidden when focused")
    if not first["ring"]:
        problems.append("the focused skip link has no focus ring")
    page.keyboard.press("Enter")
    after = page.evaluate(ACTIVE)
    if not after.get("inMain") and after.get("tag") != "main":
        problems.append(f"activating the skip link leaves the focus on {_describe(after)}")
    return problems


def tab_walk_problems(page, *, presses: int = 40, follow_menu: bool = True) -> list[str]:
    """Tab through a freshly loaded page: focus rings, every menu link reached, then Enter."""
    menu = set(page.evaluate(MENU_LINKS))
    reached: set[str] = set()
    no_ring: list[str] = []
    last_menu_link = None
    for _ in range(presses):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        if active["tag"] == "body":
            break  # went round the whole page
        if active["tag"] == "a" and not active["ring"]:
            no_ring.append(_describe(active))
        if active["tag"] == "button" and active["inMenu"] and active["expanded"] == "false":
            page.keyboard.press("Enter")  # a menu button: open it, as a reader would
        if active["inMenu"] and active["href"] in menu:
            reached.add(active["href"])
            last_menu_link = active
        if follow_menu and menu and reached == menu:
            break
    problems = [f"no visible focus ring on {d}" for d in dict.fromkeys(no_ring)]
    if not menu:
        return [*problems, "no menu: no <nav> with links"] if follow_menu else problems
    if follow_menu:
        missed = sorted(menu - reached)
        if missed:
            problems.append(f"menu links never reached with Tab: {', '.join(missed)}")
        elif last_menu_link:
            with page.expect_navigation():
                page.keyboard.press("Enter")
            if page.url.split("#")[0] != last_menu_link["href"].split("#")[0]:
                problems.append(f"Enter on the menu link {last_menu_link['href']} went elsewhere")
    return problems


def _describe(active: dict) -> str:
    if active.get("tag") == "body":
        return "nothing (the page itself)"
    label = active.get("text") or active.get("href") or ""
    return f"<{active.get('tag')}> « {label} »"
