"""A page read with JavaScript off (a blocker, an old phone, a failed download).

Checked in a browser context with JavaScript disabled: <main> is shown with its
text (at least 90 % of what the same page shows with JavaScript, so nothing is
rendered only by a script), and the main menu's links are all visible.
"""

from __future__ import annotations

READABLE_SHARE = 0.9


def main_text_length(page) -> int:
    """Visible characters of <main> (innerText skips what CSS hides); -1 without <main>."""
    main = page.locator("main")
    if main.count() != 1:
        return -1
    return len(main.first.inner_text().strip())


def nojs_problems(page, *, text_with_js: int) -> list[str]:
    """On a page loaded with JavaScript disabled."""
    problems = []
    main = page.locator("main")
    if main.count() != 1:
        return [f"{main.count()} <main> elements instead of one"]
    length = main_text_length(page)
    if not main.first.is_visible() or length == 0:
        problems.append("<main> shows no text")
    elif length < READABLE_SHARE * text_with_js:
        problems.append(f"<main> shows {length} characters, against {text_with_js} with JavaScript")
    menu = page.locator("header nav a[href]")
    if menu.count() == 0:
        menu = page.locator("nav a[href]")
    if menu.count() == 0:
        problems.append("no navigation links")
    hidden = [menu.nth(i) for i in range(menu.count()) if not menu.nth(i).is_visible()]
    if hidden:
        labels = ", ".join(f"« {link.inner_text().strip()} »" for link in hidden[:5])
        problems.append(f"menu links hidden without JavaScript: {labels}")
    return problems
