"""Every page a person reaches, in English (LTR) and Persian (RTL), checked with axe-core in
Debian's Chromium against WCAG 2.0/2.1 A and AA; and the chat form used with the keyboard.

axe-core is vendored at set-up time by ``scripts/vendor-axe`` (from the npm registry) into
``tests/web/vendor/axe.min.js``, and injected from that file: nothing is fetched at test time.
The app's Content-Security-Policy (``script-src 'self'``) refuses an injected <script> tag
(``page.add_script_tag``), and turning CSP off (``bypass_csp``) would also let inline styles
through and change what is checked; so axe is added as a context init script (run by the browser
itself, outside the page's CSP) and the pages are checked exactly as they are served.
The full axe results (every impact) are written to ``/tmp/hamdel-axe-{en,fa}.json``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, _serve

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")
PASSWORD = "a long enough password"
MESSAGE = {"en": "I feel so tired and sad today", "fa": "امروز خیلی خسته و غمگینم"}
LOCALE = {"en": "en-US", "fa": "fa-IR"}  # the Accept-Language the app reads when signed out

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="needs Debian chromium at /usr/bin/chromium"
    ),
    pytest.mark.skipif(
        not AXE.exists(), reason=f"needs axe-core at {AXE}: run scripts/vendor-axe (uses npm)"
    ),
]

# What is kept of each axe violation: enough to find the element and see why it fails.
_RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                           resultTypes: ['violations']});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({
      target: n.target.map(t => Array.isArray(t) ? t.join(' ') : t),
      html: n.html, impact: n.impact, summary: n.failureSummary,
      data: n.any.concat(n.all, n.none).map(c => c.data).filter(d => d),
    })),
  }));
}"""

# Focus is visible when the focused element has an outline or a box-shadow.
_FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  return {tag: e.tagName.toLowerCase(), type: e.getAttribute('type'), name: e.name || null,
          form: e.form ? e.form.id : null, outlineStyle: s.outlineStyle,
          outlineWidth: s.outlineWidth, outlineColor: s.outlineColor, boxShadow: s.boxShadow};
}"""


@pytest.fixture
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _axe(page: Any, where: str, lang: str) -> list[dict[str, Any]]:
    """axe's WCAG 2.x A/AA violations of the page as it is now (its <details> opened, as a
    person opens them), each tagged with the page and the language."""
    assert page.get_attribute("html", "lang") == lang, f"{where} is not in {lang}"
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert page.evaluate("typeof window.axe === 'object'"), "axe-core was not injected"
    found: list[dict[str, Any]] = page.evaluate(_RUN_AXE, WCAG_TAGS)
    for v in found:
        v["page"], v["lang"] = where, lang
    return found


def _sign_up(page: Any, url: str, lang: str) -> None:
    page.goto(f"{url}/signup")
    page.fill("input[name=email]", f"a11y-{lang}@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=display_name]", "لیلا" if lang == "fa" else "Leila")
    page.click("#signup-form button[type=submit]")
    page.wait_for_url(f"{url}/home")


def _visit_every_page(page: Any, url: str, lang: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    # signed out: what anyone, and a contact opening a stale link, sees
    for where in ("/", "/signup", "/login", "/crisis?country=GB"):
        page.goto(f"{url}{where}")
        found += _axe(page, where, lang)
    where = "/contacts/confirm?token=not-a-real-token"
    page.goto(f"{url}{where}")
    assert page.locator("#confirm-invalid").count() == 1
    found += _axe(page, "/contacts/confirm (invalid token)", lang)

    _sign_up(page, url, lang)  # the account takes the browser's language
    found += _axe(page, "/home (empty)", lang)
    page.fill("#chat-form textarea", MESSAGE[lang])
    page.click("#chat-form button[type=submit]")
    page.wait_for_selector("#reply")
    found += _axe(page, "/home (with a reply)", lang)
    for where in ("/profile", "/contacts", "/settings", "/crisis?country=GB", "/mood", "/import"):
        page.goto(f"{url}{where}")
        found += _axe(page, f"{where} (signed in)", lang)
    return found


def _describe(v: dict[str, Any]) -> str:
    targets = [", ".join(n["target"]) for n in v["nodes"][:3]]
    more = f" (+{len(v['nodes']) - 3} more)" if len(v["nodes"]) > 3 else ""
    return (
        f"- {v['id']} [{v['impact']}] on {v['page']} ({v['lang']}): "
        f"{' | '.join(targets)}{more} — {v['help']}"
    )


@pytest.mark.timeout(600)
@pytest.mark.parametrize("lang", ["en", "fa"])
def test_no_serious_or_critical_wcag_violations(browser: Any, tmp_path: Path, lang: str) -> None:
    with _serve(tmp_path) as url:
        context = browser.new_context(locale=LOCALE[lang])
        context.add_init_script(path=str(AXE))  # in every page, under the app's own CSP
        page = context.new_page()
        page.set_default_timeout(90_000)  # a reply may wait on a shared, busy machine
        try:
            found = _visit_every_page(page, url, lang)
        finally:
            context.close()
    Path(f"/tmp/hamdel-axe-{lang}.json").write_text(
        json.dumps(found, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    blocking = [v for v in found if v["impact"] in BLOCKING]
    assert not blocking, (
        f"{len(blocking)} serious or critical WCAG 2.x A/AA violations in {lang} "
        f"(all results: /tmp/hamdel-axe-{lang}.json):\n" + "\n".join(map(_describe, blocking))
    )


def _visible(focus: dict[str, Any]) -> bool:
    outline = focus["outlineStyle"] != "none" and float(focus["outlineWidth"].rstrip("px")) > 0
    return outline or focus["boxShadow"] not in ("none", "")


def test_tab_goes_through_the_chat_form_to_send_with_a_visible_focus(
    browser: Any, tmp_path: Path
) -> None:
    with _serve(tmp_path) as url:
        context = browser.new_context(locale="en-US")
        page = context.new_page()
        try:
            _sign_up(page, url, "en")
            page.evaluate("document.activeElement && document.activeElement.blur()")
            stops: list[dict[str, Any] | None] = []
            for _ in range(40):  # from the top of the page, as a keyboard user starts
                page.keyboard.press("Tab")
                stops.append(page.evaluate(_FOCUS))
                if stops[-1] and stops[-1]["form"] == "chat-form" and stops[-1]["tag"] == "button":
                    break
        finally:
            context.close()
    in_form = [s for s in stops if s and s["form"] == "chat-form"]
    path = " → ".join(f"{s['tag']}[{s['name'] or s['type']}]" if s else "body" for s in stops)
    reached = [(s["tag"], s["name"] or s["type"]) for s in in_form]
    assert reached[:1] == [("textarea", "text")] and reached[-1:] == [("button", "submit")], (
        f"Tab from the top of /home does not go textarea → send button in #chat-form: {path}"
    )
    hidden = [s for s in in_form if not _visible(s)]
    assert not hidden, f"focus is not visible (no outline, no box-shadow) on: {hidden}"
