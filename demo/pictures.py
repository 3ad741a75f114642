"""Original artwork for the demo content, drawn with Pillow when the demo loads.

Never text and never a likeness: calm geometric compositions (hills under a low sun, a
skyline, radar arcs, a network, lit windows, a shield) in the site's colours. The key
(the picture's title) chooses the motif, colours and layout, so the same key always
gives the same picture. Each picture's focal point is on its main subject, so Wagtail's
`fill-` crops keep it.
"""

import functools
import hashlib
import io
import math
import random
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageColor, ImageDraw
from wagtail.images import get_image_model
from wagtail.images.rect import Rect

from careers.models import StaffStoryPage
from demo.core import editors_have_it, named, publish_change
from news.models import NewsArticlePage

SIZES = {"wide": (1600, 900), "square": (800, 800)}
SUPERSAMPLE = 2  # drawn at twice the size, then scaled down: smooth edges
COLOURS = 128  # flat shapes need no more, and the PNG stays small
FILE_PREFIX = "demo-v2-"

SOFT = "#e6e9f2"
BLACK = "#000000"
# The site's colours, by the names alt text gives them.
GROUNDS = {
    "navy": "#14213d",
    "dark green": "#1b4332",
    "deep purple": "#3c096c",
    "deep blue": "#003049",
}
ACCENTS = {"gold": "#e0b548", "amber": "#fca311"}


@dataclass(frozen=True)
class Palette:
    ground: str
    ground_name: str
    accent: str
    accent_name: str


def mix(colour, other, share):
    """`colour` with `share` (0 to 1) of `other` mixed in."""
    pairs = zip(ImageColor.getrgb(colour), ImageColor.getrgb(other), strict=True)
    return tuple(round(one + (two - one) * share) for one, two in pairs)


def faint(colour, alpha):
    """`colour` at `alpha` (0 to 255) opacity."""
    return (*ImageColor.getrgb(colour)[:3], alpha)


def circle(x, y, radius):
    return (x - radius, y - radius, x + radius, y + radius)


def around(points, margin=0):
    """The box (left, top, right, bottom) around `points`, `margin` wider on every side."""
    xs, ys = [x for x, _y in points], [y for _x, y in points]
    return (min(xs) - margin, min(ys) - margin, max(xs) + margin, max(ys) + margin)


class Canvas:
    """Where a motif draws: the supersampled picture, its palette and its dice."""

    def __init__(self, size, palette, rng):
        self.width, self.height = (side * SUPERSAMPLE for side in size)
        self.unit = min(self.width, self.height)
        self.palette = palette
        self.rng = rng
        self.image = PillowImage.new("RGB", (self.width, self.height), palette.ground)
        # RGBA mode: translucent fills blend with what is already drawn.
        self.draw = ImageDraw.Draw(self.image, "RGBA")

    def px(self, pixels):
        """A length in output pixels, on the supersampled canvas."""
        return round(pixels * SUPERSAMPLE)


# Motifs: each draws on a canvas and returns its main subject's box (left, top, right,
# bottom) in canvas pixels.


def ridge(width, base, rise, phase, waves):
    """A gently rolling line across `width`, `rise` above and below `base`."""
    points = []
    for x in range(0, width + width // 100, width // 100):
        turn = math.tau * x / width
        points.append(
            (x, base - rise * (math.sin(phase + waves * turn) + 0.3 * math.sin(3 * turn)))
        )
    return points


def hills(c):
    p, rng = c.palette, c.rng
    sun_x, sun_y, radius = c.width * rng.uniform(0.3, 0.7), c.height * 0.5, c.unit * 0.14
    for ring in (4, 3, 2, 1):
        c.draw.ellipse(circle(sun_x, sun_y, radius * (1 + ring * 0.4)), fill=faint(SOFT, 9))
    c.draw.ellipse(circle(sun_x, sun_y, radius), fill=p.accent)
    shades = (
        mix(p.ground, SOFT, 0.2),
        mix(p.ground, SOFT, 0.1),
        p.ground,
        mix(p.ground, BLACK, 0.3),
    )
    for layer, shade in enumerate(shades):
        base, rise = c.height * (0.56 + 0.11 * layer), c.unit * (0.045 + 0.015 * layer)
        outline = ridge(c.width, base, rise, rng.uniform(0, math.tau), rng.uniform(0.8, 1.6))
        c.draw.polygon([*outline, (c.width, c.height), (0, c.height)], fill=shade)
    return circle(sun_x, sun_y, radius * 1.5)


def skyline(c):
    p, rng = c.palette, c.rng
    moon_x = c.width * rng.choice((0.2, 0.8))
    c.draw.ellipse(circle(moon_x, c.height * 0.26, c.unit * 0.09), fill=mix(p.ground, SOFT, 0.8))
    ground_line = c.height * 0.88
    # A back row, paler, then a front row with one landmark tower near the middle.
    x = -c.px(20)
    while x < c.width:
        width = c.width * rng.uniform(0.05, 0.09)
        top = ground_line - c.height * rng.uniform(0.22, 0.45)
        c.draw.rectangle((x, top, x + width, ground_line), fill=mix(p.ground, SOFT, 0.14))
        x += width + c.px(6)
    tower_x = c.width * rng.uniform(0.42, 0.52)
    blocks = []
    x = -c.px(10)
    while x < c.width:
        width = c.width * rng.uniform(0.06, 0.1)
        height = c.height * rng.uniform(0.14, 0.34)
        if x <= tower_x < x + width + c.px(8):
            x, width, height = tower_x, c.width * 0.08, c.height * 0.6
        blocks.append((x, ground_line - height, x + width, ground_line))
        x += width + c.px(8)
    dark, window = mix(p.ground, BLACK, 0.35), c.px(10)
    for left, top, right, bottom in blocks:
        c.draw.rectangle((left, top, right, bottom), fill=dark)
        for wy in range(round(top + window * 2), round(bottom - window * 2), window * 3):
            for wx in range(round(left + window), round(right - window * 2), window * 2):
                if rng.random() < 0.22:
                    c.draw.rectangle((wx, wy, wx + window, wy + window * 1.4), fill=p.accent)
    c.draw.rectangle((0, ground_line, c.width, c.height), fill=mix(p.ground, BLACK, 0.5))
    tower = max(blocks, key=lambda block: block[3] - block[1])
    mast_x = (tower[0] + tower[2]) / 2
    c.draw.line((mast_x, tower[1], mast_x, tower[1] - c.height * 0.08), fill=dark, width=c.px(6))
    c.draw.ellipse(circle(mast_x, tower[1] - c.height * 0.08, c.px(7)), fill=p.accent)
    return (tower[0], tower[1] - c.height * 0.1, tower[2], tower[3])


def radar(c):
    p, rng = c.palette, c.rng
    cx, cy = c.width * rng.uniform(0.42, 0.58), c.height * 0.5
    radius = c.unit * 0.42
    ring = radius / 4
    for number in range(1, 12):
        alpha = 90 if number <= 4 else max(12, 60 - number * 5)
        c.draw.ellipse(circle(cx, cy, ring * number), outline=faint(SOFT, alpha), width=c.px(2))
    for angle in range(0, 360, 30):
        end = (
            cx + radius * math.cos(math.radians(angle)),
            cy + radius * math.sin(math.radians(angle)),
        )
        c.draw.line((cx, cy, *end), fill=faint(SOFT, 40), width=c.px(1.5))
    heading = rng.uniform(0, 360)
    for slice_ in range(36):  # a fading wedge behind the sweep's leading edge
        start = heading - 70 + slice_ * 70 / 36
        c.draw.pieslice(circle(cx, cy, radius), start, heading, fill=faint(p.accent, 5))
    edge = (
        cx + radius * math.cos(math.radians(heading)),
        cy + radius * math.sin(math.radians(heading)),
    )
    c.draw.line((cx, cy, *edge), fill=p.accent, width=c.px(4))
    # A few contacts behind the sweep, each at its own bearing and range.
    ranges = rng.sample((0.3, 0.5, 0.65, 0.8, 0.92), 4)
    subject = [(cx, cy), edge]
    for number, share in enumerate(ranges):
        angle = math.radians(heading - 8 - number * 16 - rng.uniform(0, 8))
        distance = radius * share
        blip = (cx + distance * math.cos(angle), cy + distance * math.sin(angle))
        c.draw.ellipse(circle(*blip, c.px(9)), fill=p.accent)
        c.draw.ellipse(circle(*blip, c.px(18)), outline=faint(p.accent, 110), width=c.px(2))
        subject.append(blip)
    c.draw.ellipse(circle(cx, cy, c.px(10)), fill=p.accent)
    return around(subject, c.px(24))


def network(c):
    p, rng = c.palette, c.rng
    columns, rows = (8, 5) if c.width > c.height else (5, 5)
    cell_x, cell_y = c.width / columns, c.height / rows
    nodes = [
        (
            cell_x * (col + 0.5 + rng.uniform(-0.3, 0.3)),
            cell_y * (row + 0.5 + rng.uniform(-0.3, 0.3)),
        )
        for row in range(rows)
        for col in range(columns)
    ]

    def nearest(node, count):
        return sorted(nodes, key=lambda other: math.dist(node, other))[1 : count + 1]

    for node in nodes:
        for other in nearest(node, 3):
            c.draw.line((*node, *other), fill=faint(SOFT, 55), width=c.px(2))
    focus = (c.width * rng.uniform(0.35, 0.65), c.height * rng.uniform(0.4, 0.6))
    hub = min(nodes, key=lambda node: math.dist(node, focus))
    links = nearest(hub, 5)
    for other in links:
        c.draw.line((*hub, *other), fill=p.accent, width=c.px(4))
    for node in nodes:
        c.draw.ellipse(circle(*node, c.px(8)), fill=mix(p.ground, SOFT, 0.7))
    for node in links:
        c.draw.ellipse(circle(*node, c.px(11)), fill=p.accent)
    c.draw.ellipse(circle(*hub, c.px(46)), outline=faint(p.accent, 120), width=c.px(3))
    c.draw.ellipse(circle(*hub, c.px(22)), fill=p.accent)
    return around([hub, *links], c.px(24))


def windows(c):
    p, rng = c.palette, c.rng
    wide = c.width > c.height
    left = c.width * rng.uniform(0.1, 0.3) if wide else c.width * 0.08
    right = left + c.width * (0.5 if wide else 0.6)
    top = c.height * 0.12
    # A lower neighbour beside the tower, on whichever side has more room.
    beside = (0, left - c.px(16)) if left > c.width - right else (right + c.px(16), c.width)
    c.draw.rectangle(
        (beside[0], c.height * 0.5, beside[1], c.height), fill=mix(p.ground, BLACK, 0.3)
    )
    for y in range(round(c.height * 0.56), c.height, c.px(36)):  # its unlit floors
        c.draw.rectangle((beside[0], y, beside[1], y + c.px(6)), fill=mix(p.ground, BLACK, 0.45))
    c.draw.rectangle((left, top, right, c.height), fill=mix(p.ground, SOFT, 0.12))
    c.draw.rectangle((left, top, right, top + c.px(14)), fill=mix(p.ground, SOFT, 0.3))
    bays, floors = (8, 8) if wide else (6, 8)
    bay, floor = (right - left) / bays, (c.height - top - c.px(30)) / floors
    lit = set()
    for number in rng.sample(range(1, floors - 1), 4):  # lit runs on four floors
        start = rng.randrange(0, bays - 2)
        lit |= {(column, number) for column in range(start, min(bays, start + rng.randint(2, 4)))}
    unlit, dim = mix(p.ground, BLACK, 0.35), mix(p.ground, SOFT, 0.3)
    for column in range(bays):
        for number in range(floors):
            x, y = left + column * bay, top + c.px(30) + number * floor
            shade = dim if rng.random() < 0.1 else unlit
            fill = p.accent if (column, number) in lit else shade
            c.draw.rectangle(
                (x + bay * 0.3, y + floor * 0.18, x + bay * 0.7, y + floor * 0.86), fill=fill
            )
    return around(
        [
            (left + column * bay + dx * bay, top + c.px(30) + number * floor + dy * floor)
            for column, number in lit
            for dx, dy in ((0, 0), (1, 1))
        ]
    )


def shield_outline(cx, cy, width, height):
    """A heater shield centred on (cx, cy): straight sides, then arcs to a point."""
    half, top = width / 2, cy - height / 2
    shoulder = top + height - width * math.sin(math.pi / 3)
    # Each lower side is an arc centred on the opposite shoulder.
    right = [
        (cx - half + width * math.cos(angle), shoulder + width * math.sin(angle))
        for angle in (math.pi / 3 * step / 24 for step in range(25))
    ]
    left = [(2 * cx - x, y) for x, y in reversed(right)]
    return [(cx - half, top), (cx + half, top), *right, *left]


def shield(c):
    p, rng = c.palette, c.rng
    for offset in range(-c.height, c.width, c.px(26)):  # fine diagonal hatching
        c.draw.line((offset, c.height, offset + c.height, 0), fill=faint(SOFT, 18), width=c.px(2))
    height = c.height * 0.7
    width = height * 0.8
    cx, cy = c.width * rng.uniform(0.42, 0.58), c.height / 2
    c.draw.polygon(shield_outline(cx, cy, width, height), fill=p.accent)
    c.draw.polygon(
        shield_outline(cx, cy, width - c.px(20), height - c.px(22)), fill=mix(p.ground, SOFT, 0.1)
    )
    c.draw.polygon(
        shield_outline(cx, cy + c.px(4), width * 0.8, height * 0.8), fill=mix(p.ground, BLACK, 0.25)
    )
    arm, thick = width * 0.3, height * 0.09
    peak = cy - height * rng.uniform(0.02, 0.1)
    c.draw.polygon(
        [
            (cx - arm, peak + arm * 0.75),
            (cx, peak),
            (cx + arm, peak + arm * 0.75),
            (cx + arm, peak + arm * 0.75 + thick),
            (cx, peak + thick),
            (cx - arm, peak + arm * 0.75 + thick),
        ],
        fill=p.accent,
    )
    return (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


# What each motif shows, for alt text: {ground} and {accent} are colour names.
MOTIFS = {
    "hills": (
        hills,
        "Layers of rolling hills in shades of {ground}, with a low {accent} sun partly "
        "behind the farthest ridge.",
    ),
    "skyline": (
        skyline,
        "A city skyline of plain dark blocks on {ground}, a few windows lit {accent}, "
        "a pale moon above and one tall tower near the middle.",
    ),
    "radar": (
        radar,
        "Pale rings spreading from a point on {ground}, like a radar screen: a sweeping "
        "{accent} line trails a soft glow over a few {accent} dots.",
    ),
    "network": (
        network,
        "A network of pale dots joined by thin lines on {ground}, one {accent} point "
        "linked in {accent} to its neighbours.",
    ),
    "windows": (
        windows,
        "A tall building at night against a {ground} sky: rows of dark windows, with "
        "runs of windows lit {accent} on a few floors.",
    ),
    "shield": (
        shield,
        "A shield outlined in {accent} with a chevron of {accent} across it, on {ground} "
        "with fine diagonal lines.",
    ),
}


def seeded(key):
    """The dice for `key`: the same key always rolls the same numbers."""
    digest = hashlib.sha256(key.encode()).digest()
    # Not for security: only to vary the artwork reproducibly.
    return random.Random(digest)  # noqa: S311


def pick(name, choices, what):
    if name not in choices:
        raise ValueError(f"No {what} {name!r}: choose from {', '.join(choices)}.")
    return name


def choose(key, motif=None, ground=None, accent=None):
    """The motif name and palette for `key`. Each is drawn from the key unless named
    (a motif, a ground colour and an accent colour by name); naming one leaves the
    others as the key gives them."""
    rng = seeded(key)
    drawn = (rng.choice(list(MOTIFS)), rng.choice(list(GROUNDS)), rng.choice(list(ACCENTS)))
    motif = pick(motif, MOTIFS, "motif") if motif else drawn[0]
    ground = pick(ground, GROUNDS, "ground colour") if ground else drawn[1]
    accent = pick(accent, ACCENTS, "accent colour") if accent else drawn[2]
    return motif, Palette(GROUNDS[ground], ground, ACCENTS[accent], accent)


def describe(key, **look):
    """Honest alt text for the picture `key` (and `look`, as for `choose`) gives."""
    motif, palette = choose(key, **look)
    return MOTIFS[motif][1].format(ground=palette.ground_name, accent=palette.accent_name)


def render(key, shape="wide", **look):
    """The picture for `key` as a Pillow image, and its subject's box (left, top,
    width, height) in its pixels. `look` as for `choose`."""
    size = SIZES[pick(shape, SIZES, "shape")]
    motif, palette = choose(key, **look)
    canvas = Canvas(size, palette, seeded(f"{key}/{shape}/layout"))
    subject = [edge / SUPERSAMPLE for edge in MOTIFS[motif][0](canvas)]
    return canvas.image.resize(size, PillowImage.Resampling.LANCZOS), inside(size, subject)


def inside(size, box):
    """`box` (left, top, right, bottom) cut to the picture, as (left, top, width, height)."""
    width, height = size
    left, top = max(0, round(box[0])), max(0, round(box[1]))
    right, bottom = min(width, round(box[2])), min(height, round(box[3]))
    return (left, top, max(1, right - left), max(1, bottom - top))


def png(picture):
    buffer = io.BytesIO()
    flat = picture.quantize(COLOURS, method=PillowImage.Quantize.FASTOCTREE)
    flat.save(buffer, format="PNG", optimize=True)
    return buffer


def file_name(key):
    digest = hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:12]
    return f"{FILE_PREFIX}{digest}.png"


@functools.lru_cache(maxsize=64)
def _png(key, shape, look):
    """(the PNG's bytes, its size, its subject's box) for `key`: drawn once a process.
    Drawing and compressing take 0.1-0.25 s a picture; a process that loads the demo
    again (the tests, each worker many times) draws nothing new."""
    drawn, subject = render(key, shape, **dict(look))
    return png(drawn).getvalue(), drawn.size, subject


def draw_into(image, key, shape="wide", focal=None, **look):
    """Give `image` (not saved) a new picture file for `key`, and its focal point."""
    data, size, subject = _png(key, shape, tuple(sorted(look.items())))
    left, top, width, height = focal or subject
    if not (0 <= left < left + width <= size[0] and 0 <= top < top + height <= size[1]):
        raise ValueError(f"The focal box {focal} is not inside the {size} picture.")
    image.file = ImageFile(io.BytesIO(data), name=file_name(key))
    image._set_image_file_metadata()  # size and hash, as Wagtail's own upload form sets
    image.set_focal_point(Rect(left, top, left + width, top + height))


def picture(key, alt_text=None, *, collection=None, shape="wide", focal=None, **look):
    """The Wagtail image titled `key`: the one already there, or new artwork.

    `alt_text` becomes the image's default alt text (its description); without it, the
    text `describe` gives. `shape` is "wide" (1600x900) or "square" (800x800). `look`
    names a `motif`, `ground` or `accent` colour in place of the key's own (see `choose`).
    `focal` is a box (left, top, width, height) in the picture's pixels, in place of the
    motif's subject.
    """
    image_model = get_image_model()
    existing = image_model.objects.filter(title=key).order_by("pk").first()
    if existing is not None:
        return existing
    image = image_model(title=key, description=alt_text or describe(key, **look))
    if collection is not None:
        image.collection = collection
    draw_into(image, key, shape, focal, **look)
    image.save()
    return image


def made_by_earlier_versions(image):
    """True for a picture the demo's first generator made (with its title written on it):
    its file name is that generator's, from the title, and it has no focal point."""
    digest = hashlib.sha1(image.title.encode(), usedforsecurity=False).hexdigest()[:12]
    # Django's storage adds "_" and seven characters when the name is taken; uploads
    # made since take a random part (core.models.name_each_upload_once).
    old_name = re.compile(rf"(news|careers)-{digest}(\.[0-9a-f]{{8}})?(_[A-Za-z0-9]{{7}})?\.png")
    stem = PurePosixPath(image.file.name).name
    return old_name.fullmatch(stem) is not None and not image.has_focal_point()


# Where demo pages show a picture, and their own alt text for it.
PICTURE_FIELDS = (
    (NewsArticlePage, "image", "image_alt_text"),
    (StaffStoryPage, "portrait", "portrait_alt_text"),
)


def refresh_pictures(report):
    """Pictures made by earlier versions (text drawn on them) get new artwork, in place:
    pages keep pointing to the same image. Their old renditions go, and demo pages whose
    alt text still describes the old picture describe the new one. Images editors
    uploaded are left alone."""
    image_model = get_image_model()
    candidates = image_model.objects.filter(
        file__regex=r"(^|/)(news|careers)-[0-9a-f]{12}", focal_point_x__isnull=True
    )
    for image in candidates:
        if not made_by_earlier_versions(image):
            continue
        old_file, old_alt = image.file.name, image.description
        shape = "square" if PurePosixPath(old_file).name.startswith("careers-") else "wide"
        image.description = describe(image.title)
        draw_into(image, image.title, shape)
        image.save()
        image.file.storage.delete(old_file)
        image.renditions.all().delete()
        report(f"Refreshed the picture “{image.title}”: new artwork, without text.")
        for model, field, alt_field in PICTURE_FIELDS:
            for page in model.objects.filter(**{field: image}):
                if getattr(page, alt_field) != old_alt:
                    continue  # editors wrote their own
                if editors_have_it(page):
                    report(f"Left {named(page)} alone: editors are working on it.")
                    continue
                setattr(page, alt_field, image.description)
                publish_change(page, report, "its picture's alt text describes the new picture")
