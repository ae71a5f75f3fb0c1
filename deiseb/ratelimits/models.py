"""Counters for rate limits when there is no Redis: one row per window, shared by every process."""

from django.db import models


class RateCounter(models.Model):
    """Attempts counted in one window for one keyed hash; rows past `expires_at` are pruned.

    The key is an HMAC of who is counted, so the table holds no address, email or IP in clear.
    """

    key = models.CharField(max_length=120, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
