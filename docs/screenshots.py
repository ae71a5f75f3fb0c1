"""`make screenshots`: the README's pictures of the demo, in English and Welsh, phone and desktop.

Builds a throwaway demo site (SQLite in a temporary directory, the same steps as `make run`),
serves it with gunicorn, and photographs each page whole with Debian's Chromium through
Playwright. Writes docs/screenshots/<page>-<lang>-<width>.png, and a picture of each part in
PARTS alone.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from deiseb.lib.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
VIEWPORTS = {390: 844, 1280: 800}  # width: height of the first screen; the picture is full page
LANGUAGES = ["en", "cy"]
# Parts of a page also photographed alone, as <page>-<part>-<lang>-<width>.png: CSS selectors.
MAP = "section:has(> div.signature-map)"
PARTS = {
    "petition": {"chart": "section.signature-chart", "map": MAP},  # on the 40 constituencies
    "open-petition": {"chart": "section.signature-chart", "map": MAP},  # on the 16
}


def build_demo(var_dir: str) -> dict[str, tuple]:
    """Set up the demo database in var_dir; return each picture's page: URL name, arguments."""
    os.environ.pop("DATABASE_URL", None)
    os.environ.update({"DEISEB_VAR_DIR": var_dir, "DEISEB_DEMO": "true"})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deiseb.settings")
    import django

    django.setup()
    from django.core.management import call_command, get_commands
    from django.db import transaction

    from deiseb.demo.builder import load_demo
    from deiseb.petitions.models import Petition

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("import_geography", "--if-empty", verbosity=0)
    if "import_members" in get_commands():
        call_command("import_members", "--if-empty", verbosity=0)
    with transaction.atomic():
        story = load_demo().story
    # The story's petition has closed, so the sign form is the most-signed open petition's.
    signable = Petition.objects.signable().order_by("-signature_count").first()
    return {
        "home": ("home",),
        "petition": ("petitions:detail", story.pk),
        "open-petition": ("petitions:detail", signable.pk),
        "sign": ("signatures:sign", signable.pk),
        # The thank-you page answers the confirm button: one signature for each picture of it.
        "thank-you": ("signatures:confirm", unconfirmed(signable)),
        "members": ("parliament:members",),
    }


def unconfirmed(petition) -> list[str]:
    """Signatures made through the signing service, awaiting confirmation: their tokens."""
    from deiseb.signatures.services import sign_petition

    tokens = []
    for n, language in enumerate(lang for lang in LANGUAGES for _width in VIEWPORTS):
        _outcome, signature = sign_petition(
            petition,
            name="Siân Roberts",
            email=f"sian.roberts.{n}@example.org",
            postcode="CF10 1AA",
            country_code="GB-WLS",
            notify_by_email=False,
            language=language,
        )
        tokens.append(signature.token)
    return tokens


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("The demo server stopped before it answered.")
        try:
            with urllib.request.urlopen(f"{url}/health/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"The demo server did not answer at {url} within {seconds} s.")


def photograph(base_url: str, pages: dict[str, tuple]) -> list[Path]:
    from django.urls import reverse
    from django.utils import translation
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for lang in LANGUAGES:
            for width, height in VIEWPORTS.items():
                context = browser.new_context(
                    base_url=base_url, viewport={"width": width, "height": height}
                )
                tab = context.new_page()
                for name, (url_name, *args) in pages.items():
                    confirming = url_name == "signatures:confirm"
                    if confirming:
                        args = [args[0].pop()]  # each token confirms once
                    with translation.override(lang):
                        path = reverse(url_name, args=args)
                    response = tab.goto(path, wait_until="networkidle")
                    if confirming:
                        with tab.expect_navigation(wait_until="networkidle") as landed:
                            tab.locator("main form button[type=submit]").click()
                        response = landed.value
                    if response.status != 200:
                        raise SystemExit(f"{path} answered {response.status}")
                    target = OUT / f"{name}-{lang}-{width}.png"
                    tab.screenshot(path=target, full_page=True)
                    written.append(target)
                    for part, selector in PARTS.get(name, {}).items():
                        target = OUT / f"{name}-{part}-{lang}-{width}.png"
                        tab.locator(selector).screenshot(path=target)
                        written.append(target)
                context.close()
        browser.close()
    return written


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="deiseb-screenshots-") as var_dir:
        pages = build_demo(var_dir)
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "deiseb.wsgi", "--bind", f"127.0.0.1:{port}"]
            + ["--log-level", "warning"],
            cwd=ROOT,
            env=os.environ.copy(),
        )
        try:
            wait_until_up(base_url, server)
            written = photograph(base_url, pages)
        finally:
            server.terminate()
            server.wait(timeout=15)
    for path in written:
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
