import logging

from django.conf import settings
from django_tasks import task

from deiseb.parliament import moderngov

logger = logging.getLogger(__name__)


@task()
def fetch_members() -> dict:
    """The nightly run: the Senedd's members from its web service, when its URLs are set. A feed
    that cannot be read is logged and changes nothing; the next night tries again."""
    if not (settings.MEMBERS_URL_EN and settings.MEMBERS_URL_CY):
        return {"skipped": "DEISEB_MEMBERS_URL_EN and DEISEB_MEMBERS_URL_CY are not both set"}
    try:
        report = moderngov.import_from_feed(settings.MEMBERS_URL_EN, settings.MEMBERS_URL_CY)
    except moderngov.FeedError as exc:
        logger.warning("Members feed not imported: %s", exc)
        return {"error": str(exc)}
    for line in report.lines:
        logger.info("Members feed: %s", line)
    return {"report": report.lines}
