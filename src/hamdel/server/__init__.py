"""The HTTP server both faces run in: the app factory (the composition root), the request's
database session and signed-in principal, accounts and sessions, rate limits, middleware, the
request and response shapes, what both faces do alike (``actions``), and warming the models at
start-up. ``hamdel.api`` (JSON) and ``hamdel.web`` (pages) build on it and never import each
other."""
