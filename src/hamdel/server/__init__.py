"""The HTTP server both faces run in: the app factory (the composition root), the request's
database session and signed-in principal, accounts and sessions, rate limits, middleware, the
request and response shapes, and warming the models at start-up. ``hamdel.api`` (JSON) and
``hamdel.web`` (pages) build on it and never import each other."""
