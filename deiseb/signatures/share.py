"""Each petition's share image: the picture social sites show when someone posts its link.

Drawn with Pillow in the page's language, 1200 × 630 (the size Facebook, LinkedIn and Bluesky
crop least). The font is the system's DejaVu Sans (Debian's fonts-dejavu-core, which `make
chromium` installs) because it has every Welsh letter (ŵ, ŷ, â …); nothing is fetched at run time.
Pillow's own built-in font stands in where DejaVu is missing, so the image never fails to draw.
"""

import io
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as django_cache
from django.utils import formats
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from deiseb.signatures import charts

SIZE = WIDTH, HEIGHT = 1200, 630
MARGIN = 70
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
BRAND, BRAND_LIGHT, TEXT, MUTED, OK, OK_LIGHT = (
    "#33205a",
    "#8a6bc4",
    "#0b0c0c",
    "#505a5f",
    "#00703c",
    "#cce2d8",
)
# Sizes tried in turn for the action, largest first, until it fits in its lines.
ACTION_SIZES = (64, 56, 48, 42)
ACTION_LINES = 3
# A day is enough: the key changes whenever the count or the text does.
CACHE_SECONDS = 24 * 60 * 60


def share_image(petition) -> bytes:
    """The PNG for the petition in the active language, drawn once per count and text."""
    language = get_language() or settings.LANGUAGE_CODE
    key = (
        f"share-png:{petition.pk}:{language}:{petition.signature_count}:"
        f"{petition.updated_at.timestamp()}"
    )
    png = django_cache.get(key)
    if png is None:
        png = draw(petition)
        django_cache.set(key, png, CACHE_SECONDS)
    return png


def draw(petition) -> bytes:
    image = Image.new("RGB", SIZE, "white")
    canvas = ImageDraw.Draw(image)

    canvas.rectangle((0, 0, WIDTH, 96), fill=BRAND)
    canvas.rectangle((0, 96, WIDTH, 108), fill=BRAND_LIGHT)
    canvas.text((MARGIN, 48), _site_name(), font=font(36, bold=True), fill="white", anchor="lm")

    size, lines = _fit(canvas, petition.action, WIDTH - 2 * MARGIN)
    action_font = font(size, bold=True)
    y = 150
    for line in lines:
        canvas.text((MARGIN, y), line, font=action_font, fill=TEXT)
        y += round(size * 1.2)

    count = petition.signature_count
    count_text = formats.number_format(count, force_grouping=True)
    number_font = font(96, bold=True)
    baseline = HEIGHT - MARGIN
    canvas.text((MARGIN, baseline), count_text, font=number_font, fill=OK, anchor="ls")
    label = ngettext("signature", "signatures", count)
    label_x = MARGIN + canvas.textlength(count_text, font=number_font) + 20
    canvas.text((label_x, baseline), label, font=font(40), fill=MUTED, anchor="ls")

    points, _days, _by_hour = charts.series(petition)
    _sparkline(canvas, points, (WIDTH - MARGIN - 400, baseline - 130, WIDTH - MARGIN, baseline))

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _site_name() -> str:
    name = settings.PARLIAMENT_NAME_CY if get_language() == "cy" else settings.PARLIAMENT_NAME_EN
    return f"{name} · {_('Petitions')}"


@cache
def font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path.exists():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def _fit(canvas, text: str, width: int) -> tuple[int, list[str]]:
    """The largest size at which the text wraps into its lines, and those lines.

    At the smallest size a text still too long ends its last line with an ellipsis.
    """
    for size in ACTION_SIZES:
        action_font = font(size, bold=True)
        lines = _wrap(canvas, text, action_font, width)
        fits = all(canvas.textlength(line, font=action_font) <= width for line in lines)
        if len(lines) <= ACTION_LINES and fits:
            return size, lines
    size = ACTION_SIZES[-1]
    action_font = font(size, bold=True)
    lines = _wrap(canvas, text, action_font, width)[:ACTION_LINES]
    last = lines[-1]
    while last and canvas.textlength(last + "…", font=action_font) > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    lines[-1] = last + "…"
    return size, lines


def _wrap(canvas, text: str, text_font, width: int) -> list[str]:
    """Words to lines; a word wider than a line (a long address, say) is broken where it must."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and canvas.textlength(candidate, font=text_font) <= width:
            lines[-1] = candidate
            continue
        while canvas.textlength(word, font=text_font) > width:
            cut = len(word) - 1
            while cut > 1 and canvas.textlength(word[:cut], font=text_font) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        lines.append(word)
    return lines


def _sparkline(canvas, points, box: tuple[int, int, int, int]) -> None:
    """The running total as a small filled line, scaled to its own box: a shape, not a scale."""
    if len(points) < 2:
        return
    left, top, right, bottom = box
    highest = max(points[-1].total, 1)
    placed = [
        (
            left + (right - left) * index / (len(points) - 1),
            bottom - (bottom - top) * point.total / highest,
        )
        for index, point in enumerate(points)
    ]
    canvas.polygon([(left, bottom), *placed, (right, bottom)], fill=OK_LIGHT)
    canvas.line(placed, fill=OK, width=6, joint="curve")
    canvas.line((left, bottom, right, bottom), fill=MUTED, width=2)
