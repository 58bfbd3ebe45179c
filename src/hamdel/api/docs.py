"""The API's documentation offline: Swagger UI at /docs and ReDoc at /redoc from the files the
fastapi-offline wheel ships, no CDN, and no inline script, so the pages live under the app's own
Content-Security-Policy (ReDoc needs a looser style rule: see ``REDOC_CSP``)."""

from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from hamdel.server.middleware import SECURITY_HEADERS

# -- API documentation, offline ------------------------------------------------------------
# Swagger UI (Apache-2.0) and ReDoc (MIT) as shipped in the fastapi-offline wheel (MIT): no CDN,
# and no inline script or style, so the pages live under the app's own Content-Security-Policy.

DOCS_ASSETS = Path(fastapi_offline.__file__).parent / "static"
DOCS_STATIC = "/docs/static"

SWAGGER_INIT_JS = """\
"use strict";
// Swagger UI for hamdel: the OpenAPI address comes from the page (data-openapi-url).
(function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset]
  });
})();
"""
DOCS_CSS = "body { margin: 0; padding: 0; }\n"
_CSP = dict(SECURITY_HEADERS)[b"content-security-policy"].decode()
REDOC_CSP = (
    _CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
    + "; worker-src 'self' blob:"
)
"""ReDoc alone needs more: it writes its CSS into <style> elements at run time
(styled-components, with no nonce we could hand it) and runs its search in a worker made from a
blob. Only /redoc gets this; its scripts are still our files only (no inline script), and the
page shows the public API description, nothing of anyone's."""
REDOC_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"
"""ReDoc's sidebar always loads this image from Redocly's CDN (hidden when it fails): we serve a
copy of the script where it is an empty ``data:`` address, which fails at once, offline."""


@lru_cache(maxsize=1)
def _redoc_js() -> bytes:
    return (DOCS_ASSETS / "redoc.standalone.js").read_bytes().replace(REDOC_LOGO, b"data:,")


def _docs_page(title: str, head: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n{head}</head>\n<body>\n{body}</body>\n</html>\n"
    )


def install_docs(app: FastAPI) -> None:
    """/docs and /redoc from local files; every address on the pages is same-origin."""
    openapi_url = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        root = html.escape(request.scope.get("root_path", ""))
        return _docs_page(
            f"{app.title} API — Swagger UI",
            f'<link rel="stylesheet" href="{root}{DOCS_STATIC}/swagger-ui.css">\n'
            f'<link rel="stylesheet" href="{root}/docs/docs.css">\n'
            f'<link rel="icon" href="{root}{DOCS_STATIC}/favicon.png">\n',
            f'<div id="swagger-ui" data-openapi-url="{root}{html.escape(openapi_url)}"></div>\n'
            f'<script src="{root}{DOCS_STATIC}/swagger-ui-bundle.js"></script>\n'
            f'<script src="{root}/docs/swagger-init.js"></script>\n',
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        root = html.escape(request.scope.get("root_path", ""))
        page = _docs_page(
            f"{app.title} API — ReDoc",
            f'<link rel="stylesheet" href="{root}/docs/docs.css">\n'
            f'<link rel="icon" href="{root}{DOCS_STATIC}/favicon.png">\n',
            f'<redoc spec-url="{root}{html.escape(openapi_url)}"></redoc>\n'
            f'<script src="{root}/docs/redoc.standalone.js"></script>\n',
        )
        page.headers["content-security-policy"] = REDOC_CSP  # kept by SecurityHeadersMiddleware
        return page

    @app.get("/docs/swagger-init.js", include_in_schema=False)
    def swagger_init() -> Response:
        return Response(
            SWAGGER_INIT_JS,
            media_type="text/javascript",
            headers={"Cache-Control": "public, max-age=3600"},
        )

    @app.get("/docs/redoc.standalone.js", include_in_schema=False)
    def redoc_js() -> Response:
        return Response(
            _redoc_js(),
            media_type="text/javascript",
            headers={"Cache-Control": "public, max-age=3600"},
        )

    @app.get("/docs/docs.css", include_in_schema=False)
    def docs_css() -> Response:
        return Response(
            DOCS_CSS, media_type="text/css", headers={"Cache-Control": "public, max-age=3600"}
        )

    app.mount(DOCS_STATIC, StaticFiles(directory=DOCS_ASSETS), name="docs-static")


__all__ = ["DOCS_ASSETS", "REDOC_CSP", "install_docs"]
