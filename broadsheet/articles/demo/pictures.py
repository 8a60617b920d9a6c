"""Illustrations for the demo stories, drawn with Pillow when the demo is added.

Nothing is copied from anywhere: each picture is a few shapes (a sky, a
horizon, the subject in simple forms) in the colours of its section.
"""

import io
import math

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

SIZE = (1280, 720)
PALETTES = {
    "city": ((33, 64, 110), (240, 170, 90), (28, 34, 48)),
    "business": ((22, 92, 80), (235, 210, 120), (30, 40, 36)),
    "culture": ((96, 40, 110), (250, 150, 150), (40, 26, 48)),
}


def _sky(draw, top, bottom):
    width, height = SIZE
    for y in range(height):
        t = y / height
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)


def bridge(draw, ink):
    w, h = SIZE
    draw.rectangle([0, h * 0.72, w, h], fill=(20, 50, 90))
    draw.rectangle([0, h * 0.55, w, h * 0.58], fill=ink)
    for x in range(0, w + 1, 160):
        draw.rectangle([x - 8, h * 0.58, x + 8, h * 0.8], fill=ink)
    for tower in (w * 0.3, w * 0.7):
        draw.rectangle([tower - 14, h * 0.2, tower + 14, h * 0.58], fill=ink)
        draw.line([(tower, h * 0.2), (tower - 260, h * 0.55)], fill=ink, width=5)
        draw.line([(tower, h * 0.2), (tower + 260, h * 0.55)], fill=ink, width=5)


def fields(draw, ink):
    w, h = SIZE
    for i in range(9):
        y = h * 0.55 + i * 40
        draw.polygon(
            [(0, y), (w, y - 60), (w, y - 30), (0, y + 30)],
            fill=(200 - i * 12, 170 - i * 10, 60),
        )
    for x in range(80, w, 140):
        draw.line([(x, h * 0.5), (x, h * 0.35)], fill=ink, width=4)
        draw.ellipse([x - 10, h * 0.3, x + 10, h * 0.37], fill=(230, 190, 80))


def festival(draw, ink):
    w, h = SIZE
    draw.rectangle([0, h * 0.7, w, h], fill=(30, 40, 90))
    draw.rectangle([w * 0.3, h * 0.25, w * 0.7, h * 0.55], fill=(245, 245, 235))
    draw.rectangle([w * 0.28, h * 0.55, w * 0.72, h * 0.6], fill=ink)
    for i in range(14):
        x = w * i / 13
        draw.ellipse([x - 9, h * 0.12 - 9, x + 9, h * 0.12 + 9], fill=(255, 210, 90))


def drops(draw, ink):
    w, h = SIZE
    draw.rectangle([0, h * 0.75, w, h], fill=(40, 90, 140))
    for i in range(60):
        x = (i * 97) % w
        y = (i * 53) % int(h * 0.7)
        draw.ellipse([x, y, x + 12, y + 22], fill=(170, 210, 240))
    draw.rectangle([w * 0.1, h * 0.6, w * 0.9, h * 0.66], fill=ink)


def library(draw, ink):
    w, h = SIZE
    draw.rectangle([w * 0.15, h * 0.3, w * 0.85, h * 0.9], fill=ink)
    for row in range(3):
        for col in range(6):
            x = w * 0.2 + col * w * 0.105
            y = h * 0.38 + row * h * 0.17
            draw.rectangle([x, y, x + w * 0.06, y + h * 0.1], fill=(255, 220, 120))
    draw.polygon([(w * 0.1, h * 0.3), (w * 0.5, h * 0.1), (w * 0.9, h * 0.3)], fill=ink)


def bakery(draw, ink):
    w, h = SIZE
    draw.rectangle([0, h * 0.65, w, h], fill=(120, 80, 50))
    for i in range(5):
        cx, cy = w * (0.15 + i * 0.175), h * 0.6
        draw.ellipse([cx - 90, cy - 50, cx + 90, cy + 50], fill=(214, 160, 90))
        for k in range(-1, 2):
            draw.line(
                [(cx + k * 35 - 20, cy - 20), (cx + k * 35 + 20, cy + 20)],
                fill=(150, 100, 50),
                width=6,
            )


def museum(draw, ink):
    w, h = SIZE
    draw.polygon(
        [(w * 0.2, h * 0.35), (w * 0.5, h * 0.15), (w * 0.8, h * 0.35)], fill=ink
    )
    draw.rectangle([w * 0.2, h * 0.35, w * 0.8, h * 0.4], fill=ink)
    for i in range(6):
        x = w * (0.25 + i * 0.1)
        draw.rectangle([x - 14, h * 0.4, x + 14, h * 0.8], fill=(235, 230, 220))
    draw.rectangle([w * 0.15, h * 0.8, w * 0.85, h * 0.86], fill=ink)


SCENES = {
    "harbour-bridge.md": bridge,
    "grain-prices.md": fields,
    "river-festival.md": festival,
    "water-rates.md": drops,
    "library-hours.md": library,
    "cooperative-bakery.md": bakery,
    "museum-roof.md": museum,
}


def draw_picture(filename: str, section_slug: str) -> SimpleUploadedFile:
    """A JPEG illustration for the demo story in `filename`."""
    top, bottom, ink = PALETTES[section_slug]
    picture = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(picture)
    _sky(draw, top, bottom)
    sun_x = SIZE[0] * (0.2 + 0.6 * ((len(filename) % 7) / 7))
    radius = 50 + 10 * math.sin(len(filename))
    draw.ellipse(
        [sun_x - radius, 90 - radius, sun_x + radius, 90 + radius], fill=(255, 236, 170)
    )
    SCENES[filename](draw, ink)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=88)
    return SimpleUploadedFile(filename.replace(".md", ".jpg"), buffer.getvalue())
