"""Entry point for workers: ``celery -A hamdel.jobs.celery_app worker`` (reads HAMDEL_REDIS_URL)."""

from hamdel.core.settings import get_settings
from hamdel.jobs.celery_backend import make_celery

app = make_celery(get_settings().redis_url)
