"""Every response says which scripts may run (ours, from files) and that no page may use a camera.

Lives beside the staff accounts because a script injected into a staff page is the way to their
sessions; the template check keeps the policy honest.
"""

import re
from pathlib import Path

import pytest

import deiseb

pytestmark = pytest.mark.django_db

# Emails are not web pages: no policy applies to them.
TEMPLATES = [
    path
    for path in sorted(Path(deiseb.__file__).parent.glob("*/templates/**/*.html"))
    if "emails" not in path.parts
]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.parametrize("path", ["/en/", "/cy/", "/en/staff/login/"])
def test_only_our_own_script_files_may_run(client, path):
    policy = directives(client.get(path))
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["style-src-elem"] == ["'self'"]


def test_no_page_may_use_the_camera_microphone_or_location(client):
    policy = client.get("/en/")["Permissions-Policy"]
    for feature in ["camera", "microphone", "geolocation", "payment", "usb", "interest-cohort"]:
        assert f"{feature}=()" in policy


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_no_template_has_an_inline_script_or_event_handler(template):
    text = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text)
    assert not EVENT_HANDLER.search(text)
