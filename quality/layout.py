"""Layout checks a reader notices at once: text at a readable measure, no sideways scroll.

WCAG 1.4.10 (reflow) asks that a page never scroll sideways at 320 CSS px; long
lines tire readers (typographers aim at 60–80 characters). axe checks neither.
"""

from __future__ import annotations

MAX_MEASURE_PX = 800  # main's width at desktop size: 42rem is 672 px, with room to spare

_MEASURE = """() => {
  const main = document.querySelector("main");
  const box = main ? main.getBoundingClientRect() : null;
  return {
    main: box ? Math.round(box.width) : null,
    scroll: document.documentElement.scrollWidth,
  };
}"""


def layout_problems(page, *, width: int, phone: bool) -> list[str]:
    """`width` is the screen's: a phone browser widens its viewport to fit wide content."""
    found = page.evaluate(_MEASURE)
    problems = []
    if found["scroll"] > width + 1:
        problems.append(f"the page scrolls sideways: {found['scroll']} px of content in {width} px")
    if not phone and found["main"] and found["main"] > MAX_MEASURE_PX:
        problems.append(f"<main> is {found['main']} px wide: lines too long to read comfortably")
    return problems
