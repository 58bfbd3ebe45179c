"""The HTTP face: FastAPI routers, auth, schemas. Thin: it calls companion, store and friends."""
