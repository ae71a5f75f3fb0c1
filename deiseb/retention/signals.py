"""What higher apps hear from retention, so retention need not import them.

`signers_anonymised` is sent inside the transaction that anonymises a petition, after its
signatures have been rewritten: an app that copied a signer's details into rows of its own
(notifications keeps each delivery's canonical address) answers it by forgetting them, so the
petition and every copy go together or not at all.
"""

from django.dispatch import Signal

# Sent with petition=.
signers_anonymised = Signal()
