"""What other apps hear from petitions, so petitions need not import them.

`petition_created` is sent inside the transaction that creates a petition online: the
signatures app answers it with the creator's own signature (and its confirmation email), so a
petition and its creator's signature are saved together or not at all.

`signers_anonymised` is sent by retention inside the transaction that anonymises a petition's
signers, after their signatures are rewritten: an app that copied their details into rows of
its own (notifications' delivery addresses, integrity's trending addresses and invalidation
criteria) answers it by forgetting them, so the petition and every copy go together. It lives
here, below retention and the apps beside and above it, so that all of them can hear it.
"""

from django.dispatch import Signal

# Sent with petition=, notify_by_email=, language=, ip_address= (None when not known).
petition_created = Signal()

# Sent with petition=.
signers_anonymised = Signal()
