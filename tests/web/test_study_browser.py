"""The 5-point rating in Debian's Chromium: chosen with the keyboard on a Persian (RTL) page,
sent without leaving it (one rating however often the arrows moved), shown with a visible focus."""

from __future__ import annotations

import json
from pathlib import Path

from tests.web.test_browser import live_server, page, pytestmark  # noqa: F401 - fixtures


def test_a_rating_is_chosen_with_the_keyboard_in_persian(live_server: str, page) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page.goto(f"{live_server}/settings")
    page.check("input[name=language][value=fa]")
    page.click("#language-form button[type=submit]")
    page.goto(f"{live_server}/signup")
    page.fill("input[name=email]", "keys@example.org")
    page.fill("input[name=password]", "a long enough password")
    page.click("#signup-form button[type=submit]")
    page.wait_for_url(f"{live_server}/home")
    page.fill("#chat-form textarea", "امروز خیلی خسته و غمگینم")
    page.click("#chat-form button[type=submit]")
    page.wait_for_selector("#reply")
    assert page.get_attribute("html", "dir") == "rtl"
    form = "#reply ol.suggestions > li:first-child form.feedback"
    assert not page.is_visible(f"{form} .sat-send")  # the script sends on choosing
    first = f"{form} input[name=satisfaction][value='1']"
    page.focus(first)
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowDown")  # the next choice in any direction of writing
    page.wait_for_selector(f"{form}[data-sent='4']")
    assert page.is_checked(f"{form} input[name=satisfaction][value='4']")
    outline = page.evaluate(
        "() => getComputedStyle(document.activeElement.nextElementSibling).outlineStyle"
    )
    assert outline != "none"  # the focused choice shows it
    status = page.inner_text(f"{form} .sat-status")
    assert status.startswith("ممنون")
    page.goto(f"{live_server}/api/feedback")
    (rating,) = json.loads(page.inner_text("body"))
    assert (rating["satisfaction"], rating["rating"]) == (4, 1)
    page.screenshot(path=str(Path("/tmp") / "hamdel-rating-fa.png"), full_page=True)
