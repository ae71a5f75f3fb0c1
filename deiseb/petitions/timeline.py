"""The petition page's timeline: events from the petition itself and from the record that follows."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    """One dated line on the timeline, already in the page's language."""

    date: datetime.date
    title: str
    detail: str = ""
    url: str = ""
