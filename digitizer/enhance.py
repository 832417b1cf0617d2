"""Photometric clean-up: flatten lighting and shadows, denoise, binarise, crop, blank test."""

from __future__ import annotations

import cv2
import numpy as np

from digitizer.imaging import shrink

__all__ = [
    "binarize",
    "crop_dark_border",
    "denoise",
    "erase_seal",
    "flatten_illumination",
    "ink_fraction",
]

_EVEN_PAPER = 240
"""Paper whose estimated brightness is at least this everywhere is evenly lit and left
as it is (bench clean pages: 247-255; shadow pages: 88-150 at their darkest)."""


_SEAL_REDNESS = 20
"""How far red must stand above green and blue (0..255) for a pixel to be seal ink."""
_SEAL_GREY = 100
"""Grey level from which reddish ink is a see-through seal on a well-contrasted page
(bench clean cccd: seal ~133, the strokes of the dark red title and number ~84; black
text under the seal stays black)."""
_SEAL_LIGHT = 0.3
"""On a faint page the bar rises to this share of the way from its ink to its paper:
low contrast lifts a dark red title above 100 too (bench shadow diploma, title at 0.24
of the way, seal at 0.5). Relative bars alone (0.32-0.38) cost the clean driving
licence its title's accents or the cccd its dates, so the absolute one stays."""


def flatten_illumination(image: np.ndarray) -> np.ndarray:
    """Divide the page by its estimated paper brightness so shadows and gradients vanish.

    The background is the page with the ink closed away, measured on a small copy
    (lighting varies slowly), so the cost stays far below the OCR's.
    """
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    h, w = gray.shape
    scale = min(1.0, 500 / max(h, w))
    small = shrink(gray, scale)
    # Dilation removes dark strokes thinner than the kernel; the blur smooths the paper.
    k = max(3, round(small.shape[1] / 40) | 1)
    background = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    background = cv2.medianBlur(background, k if k <= 255 else 255)
    background = cv2.GaussianBlur(background, (0, 0), k / 2)
    if int(background.min()) >= _EVEN_PAPER:
        # Evenly lit white paper (a flatbed scan): dividing would change next to nothing
        # and costs two full-size passes per channel.
        return image
    background = cv2.resize(background, (w, h), interpolation=cv2.INTER_LINEAR)
    background = np.maximum(background, 1)
    if image.ndim == 3:
        out = cv2.divide(image, cv2.merge([background] * 3), scale=255)
    else:
        out = cv2.divide(image, background, scale=255)
    return out


def erase_seal(gray: np.ndarray, image: np.ndarray) -> np.ndarray:
    """``gray`` with the light red of a seal or stamp turned to paper, for Tesseract only.

    A seal is printed in a light, see-through red over black text (the dates on an ID
    card's back); its rings and letters otherwise break the words they cross. A pixel
    is seal when its red stands clearly above its green and blue and it is light in
    grey; red print meant to be read (a card's title, its number) is dark red and stays.
    ``image`` is the colour page, pixel-aligned with ``gray``.
    """
    if image.ndim != 3:
        return gray
    # Where red is, from a quarter-size copy; only those patches are looked at in full.
    small = shrink(image, 0.25)
    fy, fx = image.shape[0] / small.shape[0], image.shape[1] / small.shape[1]
    # A seal's thin rings fade into the paper at quarter size: any red tinge marks a patch.
    patches = cv2.dilate(_reddish(small, 5).astype(np.uint8), np.ones((5, 5), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(patches, connectivity=8)
    if n <= 1:
        return gray
    # Light against the page's own ink and paper levels: a faint or shadowed scan lifts
    # the dark red title as much as the seal (bench shadow diploma).
    sample = gray[::4, ::4]
    paper = float(np.percentile(sample, 90))
    # The ink level among the pixels clearly darker than the paper (a card on an A4
    # sheet has too little ink for a percentile of the whole page to find it).
    darker = sample[sample < paper - 30]
    ink = float(np.percentile(darker, 10)) if darker.size else 0.0
    light = max(_SEAL_GREY, ink + _SEAL_LIGHT * (paper - ink))
    out = gray.copy()
    for x, y, w, h, _area in stats[1:]:
        top, left = max(0, int((y - 1) * fy)), max(0, int((x - 1) * fx))
        bottom, right = int((y + h + 1) * fy), int((x + w + 1) * fx)
        region = out[top:bottom, left:right]
        region[_reddish(image[top:bottom, left:right]) & (region >= light)] = 255
    return out


def _reddish(image: np.ndarray, margin: int = _SEAL_REDNESS) -> np.ndarray:
    blue, green, red = cv2.split(image)
    return np.asarray(cv2.subtract(red, cv2.max(green, blue)) > margin)


def denoise(gray: np.ndarray) -> np.ndarray:
    """Remove salt-and-pepper speckle while keeping stroke edges."""
    return cv2.medianBlur(gray, 3)


def binarize(gray: np.ndarray) -> np.ndarray:
    """Black text on white by Otsu's threshold (after flattening, one threshold fits all)."""
    _, bw = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    return bw


def ink_fraction(gray: np.ndarray) -> float:
    """Share of pixels that are clearly darker than the paper, on a small copy."""
    scale = min(1.0, 800 / max(gray.shape))
    small = shrink(gray, scale)
    paper = float(np.percentile(small, 90))
    margin = max(40.0, 0.35 * paper)
    # Ignore a thin frame: scanner edges and lid shadows are not content.
    h, w = small.shape
    inner = small[h // 40 : h - h // 40, w // 40 : w - w // 40]
    return float(np.mean(inner < paper - margin))


def crop_dark_border(image: np.ndarray) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """Cut dark scanner borders off the edges; returns the image and the cuts (t, b, l, r)."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    h, w = gray.shape
    dark = gray < 80
    rows = dark.mean(axis=1)
    cols = dark.mean(axis=0)

    def run_length(profile: np.ndarray) -> int:
        n = 0
        limit = len(profile) // 10
        while n < limit and profile[n] > 0.6:
            n += 1
        return n

    top, bottom = run_length(rows), run_length(rows[::-1])
    left, right = run_length(cols), run_length(cols[::-1])
    if top + bottom + left + right == 0:
        return image, (0, 0, 0, 0)
    return image[top : h - bottom, left : w - right], (top, bottom, left, right)


def remove_leaders(gray: np.ndarray, dpi: float) -> np.ndarray:
    """Erase dotted leaders (``Họ và tên: ........``) that forms print after each label.

    Tesseract reads a row of dots as a string of junk characters and, worse, often
    loses the words sharing their line. A leader is a horizontal run, over a third of an
    inch long, of small dots at most a tenth of an inch apart; the dot of an ``i`` or
    the dot below ``ạ`` stays, since no such run forms from them. Found on a ~150-dpi
    copy (a quarter of the pixels of a 300-dpi scan), erased at full resolution.
    """
    scale = min(1.0, 150.0 / max(dpi, 1.0))
    small = shrink(gray, scale)
    sdpi = dpi * scale
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n <= 1:
        return gray
    w = stats[:, cv2.CC_STAT_WIDTH]
    h = stats[:, cv2.CC_STAT_HEIGHT]
    # A dot is small against the page's own letters (a card's tiny print has letters no
    # bigger than a form's periods), and never bigger than a thirtieth of an inch.
    # (The 90th percentile of heights is a capital's height even on a page whose
    # components are mostly leader dots.)
    tall = h[1:][h[1:] >= 2]
    capital = float(np.percentile(tall, 90)) if tall.size else sdpi / 10
    biggest = max(2, round(min(sdpi / 30, 0.3 * capital)))
    dots = (w <= biggest) & (h <= biggest) & (w <= 2 * h + 1) & (h <= 2 * w + 1)
    dots[0] = False
    if int(dots.sum()) < 8:
        return gray
    dot_mask = (dots.astype(np.uint8) * 255)[labels]
    # Accents, i-dots and the dot below ạ sit right above or below a letter; a leader's
    # dots have no letter over or under them. Small print full of accents ("Có giá trị
    # đến") otherwise chains into a "leader" and loses its diacritics.
    reach = max(1, round(0.5 * capital))
    letters = cv2.bitwise_and(ink, cv2.bitwise_not(dot_mask))
    near = cv2.dilate(letters, np.ones((2 * reach + 1, 1), np.uint8))
    dots[np.unique(labels[(dot_mask > 0) & (near > 0)])] = False
    dots[0] = False
    if int(dots.sum()) < 8:
        return gray
    dot_mask = (dots.astype(np.uint8) * 255)[labels]
    # Join dots that follow each other on one baseline; a leader becomes one long thin bar.
    # Dots up to a tenth of an inch apart (". . . ." as well as "........") make one bar.
    pitch = max(3, round(sdpi / 10))
    bars = cv2.dilate(dot_mask, np.ones((1, pitch), np.uint8))
    _, bar_labels, bar_stats, _ = cv2.connectedComponentsWithStats(bars, connectivity=8)
    long_bar = (bar_stats[:, cv2.CC_STAT_WIDTH] >= 0.3 * sdpi) & (
        bar_stats[:, cv2.CC_STAT_HEIGHT] <= 2 * biggest
    )
    long_bar[0] = False
    if not long_bar.any():
        return gray
    leaders = (long_bar.astype(np.uint8) * 255)[bar_labels] & dot_mask
    grow = max(1, round(1 / scale))
    leaders = cv2.dilate(leaders, np.ones((3, 3), np.uint8))
    full = cv2.resize(leaders, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST)
    if grow > 1:
        full = cv2.dilate(full, np.ones((grow, grow), np.uint8))
    out = gray.copy()
    out[full > 0] = 255
    return out
