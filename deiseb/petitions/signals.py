"""What other apps hear from petitions, so petitions need not import them.

`petition_created` is sent inside the transaction that creates a petition online: the
signatures app answers it with the creator's own signature (and its confirmation email), so a
petition and its creator's signature are saved together or not at all.
"""

from django.dispatch import Signal

# Sent with petition=, notify_by_email=, language=, ip_address= (None when not known).
petition_created = Signal()
