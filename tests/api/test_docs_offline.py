"""/docs and /redoc work offline: every asset is ours (same origin), served with the right
type, under the app's own Content-Security-Policy (no inline script or style); in Chromium with
every request that leaves 127.0.0.1 aborted, Swagger UI lists the operations with no CSP error.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from hamdel.server.middleware import SECURITY_HEADERS

CHROMIUM = "/usr/bin/chromium"
PAGES = ("/docs", "/redoc")


class _Page(HTMLParser):
    """The addresses a page loads, and whatever it runs or styles inline."""

    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []
        self.inline: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script":
            self._in_script = True
            if a.get("src"):
                self.assets.append(str(a["src"]))
        elif tag == "link" and a.get("href"):
            self.assets.append(str(a["href"]))
        elif tag in ("img", "iframe", "source") and a.get("src"):
            self.assets.append(str(a["src"]))
        elif tag == "style":
            self.inline.append("<style>")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.inline.append(f"{tag} {name}={value}")
            if name in ("data-openapi-url", "spec-url") and value:
                self.assets.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline.append(f"<script>{data.strip()[:60]}")


def _expected_type(path: str) -> str:
    if path.endswith(".js"):
        return "text/javascript"
    if path.endswith(".css"):
        return "text/css"
    if path.endswith(".png"):
        return "image/png"
    if path.endswith(".json"):
        return "application/json"
    raise AssertionError(f"unexpected asset {path}")


@pytest.mark.parametrize("page", PAGES)
def test_every_asset_of_the_docs_is_ours_and_served(client: TestClient, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]  # the app's own policy, not skipped
    assert "script-src 'self';" in csp  # no inline script, no eval, nothing from elsewhere
    if page == "/docs":
        assert csp == dict(SECURITY_HEADERS)[b"content-security-policy"].decode()
    else:  # ReDoc writes <style> elements at run time: inline styles on that page alone
        assert "style-src 'self' 'unsafe-inline';" in csp
    parsed = _Page()
    parsed.feed(response.text)
    assert not parsed.inline, f"inline script or style on {page}: {parsed.inline}"
    assert any(a.endswith(".js") for a in parsed.assets)
    assert any(a == "/openapi.json" for a in parsed.assets)
    for asset in parsed.assets:
        parts = urlsplit(asset)
        assert not parts.scheme and not parts.netloc and asset.startswith("/"), asset
        got = client.get(asset)
        assert got.status_code == 200, asset
        kind = got.headers["content-type"].split(";")[0].strip()
        assert kind == _expected_type(asset), (asset, kind)
        assert got.content, asset


def test_fastapis_cdn_pages_are_gone(client: TestClient) -> None:
    for page in PAGES:
        assert "cdn.jsdelivr.net" not in client.get(page).text
    assert b"cdn.redoc.ly" not in client.get("/docs/redoc.standalone.js").content
    assert client.get("/docs/oauth2-redirect").status_code == 404  # no OAuth2 flow to finish
    paths = client.get("/openapi.json").json()["paths"]
    assert not [p for p in paths if p.startswith(("/docs", "/redoc"))]


# -- in Chromium, offline ----------------------------------------------------------------------

CSP_WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture
def offline_page():  # type: ignore[no-untyped-def]
    """A Chromium page whose requests may reach 127.0.0.1 only; what it tried elsewhere, what it
    logged and what the page threw are collected."""
    if not Path(CHROMIUM).exists():
        pytest.skip("needs Debian chromium at /usr/bin/chromium")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        try:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                ],
            )
        except playwright_api.Error as exc:
            pytest.skip(f"Chromium does not start: {str(exc).splitlines()[0]}")
        context = browser.new_context(locale="en-US")
        page = context.new_page()
        page.blocked = []  # type: ignore[attr-defined]
        page.console = []  # type: ignore[attr-defined]
        page.errors = []  # type: ignore[attr-defined]

        def gate(route, request) -> None:  # type: ignore[no-untyped-def]
            if urlsplit(request.url).hostname == "127.0.0.1":
                route.continue_()
            else:
                page.blocked.append(request.url)  # type: ignore[attr-defined]
                route.abort()

        page.route("**/*", gate)
        page.on("console", lambda m: page.console.append(f"{m.type}: {m.text}"))  # type: ignore[attr-defined]
        page.on("pageerror", lambda e: page.errors.append(str(e)))  # type: ignore[attr-defined]
        page.add_init_script(CSP_WATCH)
        yield page
        context.close()
        browser.close()


def _csp_errors(page) -> list[str]:  # type: ignore[no-untyped-def]
    logged = [
        line
        for line in page.console
        if "Content Security Policy" in line or "Content-Security-Policy" in line
    ]
    return logged + [f"violation: {v}" for v in page.evaluate("window.__csp")]


@pytest.mark.browser
@pytest.mark.slow
def test_swagger_ui_renders_offline_under_the_csp(offline_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.web.test_browser import _serve

    page = offline_page
    with _serve(tmp_path) as url:
        response = page.goto(f"{url}/docs")
        assert response is not None and response.ok
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_selector(".opblock", timeout=60_000)
        page.locator('.opblock-summary-path[data-path="/api/chat"]').first.wait_for()
        assert page.locator(".opblock").count() > 10
        assert "hamdel" in page.inner_text(".info .title")
        # "Try it out" on /health: the request goes to the same origin and its answer shows
        page.locator('.opblock-summary-path[data-path="/health"]').first.click()
        page.locator("button.try-out__btn").first.click()
        page.locator("button.execute").first.click()
        page.locator(".live-responses-table .response-col_status", has_text="200").wait_for()
        problems = _csp_errors(page)
    assert not page.blocked, f"requests that would leave the machine: {page.blocked}"
    assert not problems, problems
    assert not page.errors, page.errors


@pytest.mark.browser
@pytest.mark.slow
def test_redoc_renders_offline_under_the_csp(offline_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.web.test_browser import _serve

    page = offline_page
    with _serve(tmp_path) as url:
        response = page.goto(f"{url}/redoc")
        assert response is not None and response.ok
        page.get_by_text("/api/chat").first.wait_for(state="attached", timeout=60_000)
        problems = _csp_errors(page)
    assert not page.blocked, f"requests that would leave the machine: {page.blocked}"
    assert not problems, problems
    assert not page.errors, page.errors
