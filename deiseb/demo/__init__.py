"""The demo: synthetic petitions built through the real services, and the demo outbox.

The top layer: it may import every app, and no app imports it.
"""
