"""Replays a page layout at a DPI with PIL: text, leaders, rules and drawn pictures."""

from __future__ import annotations

import math

import numpy as np
import qrcode
from PIL import Image, ImageDraw, ImageFilter

from samples.fonts import font
from samples.ops import BLACK, PT_MM, Dots, Embed, Graphic, PageLayout, Rule, Text

__all__ = ["render_layout"]


def render_layout(layout: PageLayout, dpi: int) -> Image.Image:
    """The page as an RGB image at ``dpi`` with the DPI recorded in ``info``."""
    k = dpi / 25.4
    size = (round(layout.width * k), round(layout.height * k))
    image = Image.new("RGB", size, layout.paper)
    _draw(image, layout, 0.0, 0.0, k)
    image.info["dpi"] = (dpi, dpi)
    return image


def _draw(image: Image.Image, layout: PageLayout, ox: float, oy: float, k: float) -> None:
    draw = ImageDraw.Draw(image)
    for op in layout.ops:
        if isinstance(op, Text):
            _text(draw, op, layout.family, (ox, oy), k)
        elif isinstance(op, Dots):
            f = font(layout.family, "serif", round(op.size * PT_MM * k))
            count = int((op.x1 - op.x0) * k / max(1.0, f.getlength(".")))
            draw.text(((ox + op.x0) * k, (oy + op.y) * k), "." * count, font=f, fill=BLACK)
        elif isinstance(op, Rule):
            box = ((ox + op.x0) * k, (oy + op.y0) * k, (ox + op.x1) * k, (oy + op.y1) * k)
            width = max(1, round(op.width * k))
            if op.box:
                draw.rectangle(box, outline=op.color, fill=op.fill, width=width)
            else:
                draw.line(box, fill=op.color, width=width)
        elif isinstance(op, Embed):
            _draw(image, op.layout, ox + op.x, oy + op.y, k)
            draw = ImageDraw.Draw(image)
        elif isinstance(op, Graphic):
            _GRAPHICS[op.kind](image, op, layout.family, ((ox + op.x) * k, (oy + op.y) * k), k)
            draw = ImageDraw.Draw(image)


def _text(
    draw: ImageDraw.ImageDraw, op: Text, family: str, at: tuple[float, float], k: float
) -> None:
    f = font(family, op.role, round(op.size * PT_MM * k))
    x, y = (at[0] + op.x) * k, (at[1] + op.y) * k
    if op.justify <= 0:
        draw.text((x, y), op.text, font=f, fill=op.color, anchor=op.anchor)
        return
    words = op.text.split(" ")
    widths = [f.getlength(w) for w in words]
    space = (op.justify * k - sum(widths)) / max(1, len(words) - 1)
    space = min(space, 3 * f.getlength(" "))  # a short line is not stretched across the page
    for word, w in zip(words, widths, strict=True):
        draw.text((x, y), word, font=f, fill=op.color, anchor="la")
        x += w + space


def _ink(
    image: Image.Image, mask: Image.Image, left: float, top: float, color: tuple[int, ...]
) -> None:
    """Lay translucent ink (a stamp, a pen) over the page: multiply, as ink on paper does."""
    x, y = round(left), round(top)
    region = (
        max(0, x),
        max(0, y),
        min(image.width, x + mask.width),
        min(image.height, y + mask.height),
    )
    if region[2] <= region[0] or region[3] <= region[1]:
        return
    crop_mask = mask.crop((region[0] - x, region[1] - y, region[2] - x, region[3] - y))
    base = np.asarray(image.crop(region), dtype=np.float32)
    alpha = np.asarray(crop_mask, dtype=np.float32)[..., None] / 255.0
    tint = np.asarray(color, dtype=np.float32)[None, None, :] / 255.0
    out = base * (1.0 - alpha * (1.0 - tint))
    image.paste(Image.fromarray(out.clip(0, 255).astype(np.uint8)), region[:2])


def _seal(image: Image.Image, op: Graphic, family: str, at: tuple[float, float], k: float) -> None:
    x, y = at
    rng = np.random.default_rng(op.seed)
    size = round(op.w * k)
    r = size / 2
    mask = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(mask)
    d.ellipse((2, 2, size - 3, size - 3), outline=255, width=max(2, round(0.7 * k)))
    inner = r * 0.66
    d.ellipse(
        (r - inner, r - inner, r + inner, r + inner), outline=255, width=max(1, round(0.3 * k))
    )
    ring = op.text.upper()
    # Long names get smaller letters so they still fit once round the ring.
    arc = 2 * math.pi * r * 0.83 / (len(ring) + 4)
    f = font(family, "serif_bold", max(4, round(min(0.16 * size, 1.15 * arc))))
    step = 2 * math.pi / max(len(ring) + 4, 1)
    start = -math.pi / 2 - step * (len(ring) - 1) / 2
    for i, ch in enumerate(ring):
        angle = start + i * step
        glyph = Image.new("L", (round(0.2 * size), round(0.2 * size)), 0)
        ImageDraw.Draw(glyph).text(
            (glyph.width / 2, glyph.height / 2), ch, font=f, fill=255, anchor="mm"
        )
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.Resampling.BICUBIC)
        cx, cy = r + r * 0.83 * math.cos(angle), r + r * 0.83 * math.sin(angle)
        mask.paste(255, (round(cx - glyph.width / 2), round(cy - glyph.height / 2)), glyph)
    pts = []
    for i in range(10):
        rad = inner * (0.55 if i % 2 == 0 else 0.22)
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((r + rad * math.cos(a), r * 0.92 + rad * math.sin(a)))
    d.polygon(pts, fill=255)
    # Stamps never print evenly: thin the ink in random blotches.
    noise = rng.random((size, size)) * 255
    speckle = Image.fromarray((noise > 60).astype(np.uint8) * 255).filter(
        ImageFilter.GaussianBlur(1)
    )
    mask = Image.fromarray(np.minimum(np.asarray(mask), np.asarray(speckle)))
    mask = mask.rotate(float(rng.uniform(-25, 25)), resample=Image.Resampling.BICUBIC)
    _ink(image, mask.point(lambda v: int(v * 0.85)), x, y, op.color)


def _signature(
    image: Image.Image, op: Graphic, family: str, at: tuple[float, float], k: float
) -> None:
    x, y = at
    rng = np.random.default_rng(op.seed)
    w, h = round(op.w * k), round(op.h * k)
    mask = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(mask)
    t = np.linspace(0, 1, 400)
    loops = rng.integers(3, 7)
    xs = 0.08 * w + 0.84 * w * t + 0.06 * w * np.sin(2 * np.pi * loops * t + rng.uniform(0, 6))
    ys = h / 2 + 0.3 * h * np.sin(2 * np.pi * (loops + 0.5) * t) * np.exp(-1.5 * t)
    ys += 0.12 * h * np.sin(2 * np.pi * rng.uniform(0.5, 1.5) * t)
    d.line(
        list(zip(xs.tolist(), ys.tolist(), strict=True)), fill=255, width=max(2, round(0.35 * k))
    )
    # The closing flourish under the name.
    fx = np.linspace(0.15 * w, 0.95 * w, 60)
    fy = 0.78 * h - 0.1 * h * np.sin(np.linspace(0, np.pi, 60))
    d.line(
        list(zip(fx.tolist(), fy.tolist(), strict=True)), fill=255, width=max(1, round(0.25 * k))
    )
    _ink(image, mask.filter(ImageFilter.GaussianBlur(0.6)), x, y, op.color)


def _photo(image: Image.Image, op: Graphic, family: str, at: tuple[float, float], k: float) -> None:
    x, y = at
    rng = np.random.default_rng(op.seed)
    w, h = round(op.w * k), round(op.h * k)
    bg = tuple(int(v) for v in rng.integers(200, 240, 3))
    pic = Image.new("RGB", (w, h), (bg[0], bg[1], min(255, bg[2] + 15)))
    d = ImageDraw.Draw(pic)
    tone = tuple(int(v) for v in rng.integers(150, 200, 3))
    hair = tuple(int(v) for v in rng.integers(20, 60, 3))
    shirt = tuple(int(v) for v in rng.integers(30, 120, 3))
    d.ellipse((0.08 * w, 0.72 * h, 0.92 * w, 1.4 * h), fill=shirt)
    d.ellipse((0.28 * w, 0.12 * h, 0.72 * w, 0.68 * h), fill=tone)
    d.chord((0.26 * w, 0.08 * h, 0.74 * w, 0.5 * h), 180, 360, fill=hair)
    noise = rng.normal(0, 6, (h, w, 3))
    arr = np.asarray(pic, dtype=np.float32) + noise
    pic = Image.fromarray(arr.clip(0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(1.2))
    image.paste(pic, (round(x), round(y)))


def _qr(image: Image.Image, op: Graphic, family: str, at: tuple[float, float], k: float) -> None:
    x, y = at
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_L, border=4, box_size=1)
    code.add_data(op.text.encode("utf-8"))
    code.make(fit=True)
    matrix = np.asarray(code.get_matrix(), dtype=bool)
    pic = Image.fromarray(np.where(matrix, 0, 255).astype(np.uint8), "L")
    side = round(op.w * k)
    image.paste(
        pic.resize((side, side), Image.Resampling.NEAREST).convert("RGB"), (round(x), round(y))
    )


def _fingerprint(
    image: Image.Image, op: Graphic, family: str, at: tuple[float, float], k: float
) -> None:
    x, y = at
    rng = np.random.default_rng(op.seed)
    w, h = round(op.w * k), round(op.h * k)
    mask = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(mask)
    cx, cy = w * rng.uniform(0.4, 0.6), h * rng.uniform(0.45, 0.6)
    step = max(2.0, 0.5 * k)
    for i in range(1, int(min(w, h) / step / 1.4)):
        rx, ry = i * step * 0.8, i * step
        d.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), outline=200, width=max(1, round(0.18 * k)))
    _ink(image, mask.filter(ImageFilter.GaussianBlur(0.8)), x, y, (60, 60, 70))


def _guilloche(
    image: Image.Image, op: Graphic, family: str, at: tuple[float, float], k: float
) -> None:
    x, y = at
    rng = np.random.default_rng(op.seed)
    w, h = round(op.w * k), round(op.h * k)
    mask = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(mask)
    xs = np.linspace(0, w, 200)
    for i in range(18):
        phase, amp = rng.uniform(0, 6.3), h * rng.uniform(0.02, 0.06)
        ys = h * (i + 0.5) / 18 + amp * np.sin(xs / w * 2 * np.pi * rng.uniform(1, 3) + phase)
        d.line(
            list(zip(xs.tolist(), ys.tolist(), strict=True)), fill=70, width=max(1, round(0.12 * k))
        )
    _ink(image, mask, x, y, op.color)


def _emblem(
    image: Image.Image, op: Graphic, family: str, at: tuple[float, float], k: float
) -> None:
    x, y = at
    d = ImageDraw.Draw(image)
    w = op.w * k
    d.ellipse(
        (x, y, x + w, y + w),
        fill=(200, 40, 40),
        outline=(220, 180, 40),
        width=max(1, round(0.4 * k)),
    )
    r, cx, cy = w * 0.3, x + w / 2, y + w / 2
    pts = [
        (
            cx + (r if i % 2 == 0 else r * 0.4) * math.cos(-math.pi / 2 + i * math.pi / 5),
            cy + (r if i % 2 == 0 else r * 0.4) * math.sin(-math.pi / 2 + i * math.pi / 5),
        )
        for i in range(10)
    ]
    d.polygon(pts, fill=(245, 210, 50))


_GRAPHICS = {
    "seal": _seal,
    "signature": _signature,
    "photo": _photo,
    "qr": _qr,
    "fingerprint": _fingerprint,
    "guilloche": _guilloche,
    "emblem": _emblem,
}
