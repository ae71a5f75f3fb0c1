"""What the browser tests share: axe-core, keyboard moves, the interface's words, emailed links."""

import re

import pytest
from axe_playwright_python.base import AXE_FILE_PATH
from django.utils import translation
from django.utils.translation import gettext

# Every browser test drives a live server, whose requests commit for real: the database is
# flushed after each test, and serialized_rollback puts back what the migrations seeded
# (countries, staff roles, rejection reasons).
BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# WCAG 2.0, 2.1 and 2.2 at levels A and AA: the Senedd's target, and the law's for public bodies.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_SOURCE = AXE_FILE_PATH.read_text(encoding="utf-8")
AXE_RUN = """tags => axe.run(document, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]
})"""

# axe only marks a reference to a missing id "needs review"; a hint or error that an input points
# at but that is not there is simply not read out, so the tests treat it as a violation.
BROKEN_REFERENCES = """() => {
    const attributes = ["aria-describedby", "aria-labelledby", "aria-controls"];
    return [...document.querySelectorAll(attributes.map(a => `[${a}]`).join(","))].flatMap(
        el => attributes.flatMap(a => (el.getAttribute(a) || "").split(/\\s+/)
            .filter(id => id && !document.getElementById(id))
            .map(id => `${el.tagName.toLowerCase()}#${el.id} ${a}="${id}"`)));
}"""

# The accessible name of whatever has focus: its label, aria-label or visible text.
FOCUSED_NAME = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return "";
    const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
    return (label || el.getAttribute("aria-label") || el.innerText || el.value || "").trim();
}"""


def t(language: str, msgid: str) -> str:
    """The interface's own words in one language, so tests find what a reader sees."""
    with translation.override(language):
        return gettext(msgid)


def axe_violations(page) -> list[dict]:
    # evaluate() runs outside the page's Content-Security-Policy, unlike an injected <script>.
    page.evaluate(AXE_SOURCE)
    return page.evaluate(AXE_RUN, WCAG_TAGS)["violations"]


def broken_references(page) -> list[str]:
    return page.evaluate(BROKEN_REFERENCES)


def describe_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    at {', '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


def focused_name(page) -> str:
    return page.evaluate(FOCUSED_NAME)


def tab_to(page, name: str, *, limit: int = 80) -> None:
    """Press Tab until the element whose accessible name is `name` has focus."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        current = focused_name(page)
        if current == name:
            return
        seen.append(current[:40])
    raise AssertionError(f"Tab never reached {name!r}; it went through {seen}")


def press_and_load(page, key: str = "Enter") -> None:
    """Press a key that follows a link or submits a form, and wait for the new page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def type_into(page, name: str, text: str) -> None:
    tab_to(page, name)
    page.keyboard.type(text)


def link_in(message, pattern: str) -> str:
    """The first link in an email's plain-text body whose path matches `pattern`."""
    body = message.get_body(preferencelist=("plain",)).get_content()
    found = re.search(rf"https?://[^\s/]+{pattern}", body)
    assert found, f"no link matching {pattern!r} in:\n{body}"
    return found.group(0)
