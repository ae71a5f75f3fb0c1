"""How Deiseb's tooling starts Debian's Chromium (browser tests, screenshots).

The path is the Debian package's, never a browser Playwright downloads. Without the background
networking flags Chromium keeps calling Google's hosts, which a closed CI network refuses.
"""

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("DEISEB_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
