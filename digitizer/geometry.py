"""Page geometry: find a photographed page, turn it upright, remove the skew.

All measurements run on a small copy of the page (text lines stay several pixels high
at about 1/4 of a 300-dpi scan), so the cost is milliseconds, not seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from digitizer.imaging import shrink

__all__ = [
    "Orientation",
    "find_page_quad",
    "measure_orientation",
    "rotate",
    "upside_down_score",
    "warp_quad",
]

_WORK_WIDTH = 700
"""Width of the small copy used for measuring, in pixels."""


@dataclass(frozen=True, slots=True)
class Orientation:
    """How far the page is turned: a quarter-turn count and a small skew."""

    rotation: int
    """Degrees clockwise (0, 90, 180, 270) to apply to make the page upright."""
    skew: float
    """Degrees counter-clockwise the upright page must be rotated to level its lines."""
    certainty: float
    """0..1, how clearly the text lines decided the quarter turn."""
    updown: float = 1.0
    """0..1, how clearly the ascenders decided between upright and upside down."""


def _small_ink(gray: np.ndarray, width: int = _WORK_WIDTH) -> tuple[np.ndarray, float]:
    scale = min(1.0, width / gray.shape[1])
    small = shrink(gray, scale)
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    # Big solid areas (photos, dark borders) would dominate the profiles; text strokes are thin.
    ink = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, 1), np.uint8))
    return ink, scale


def _ink_points(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Coordinates of the ink pixels, centred: the profiles only need those (a page is
    mostly paper), which made the angle search several times cheaper than turning the
    whole image for every angle."""
    h, w = ink.shape
    ys, xs = np.nonzero(ink)
    return xs.astype(np.float32) - w / 2, ys.astype(np.float32) - h / 2, h


def _profile_score(points: tuple[np.ndarray, np.ndarray, int], angle: float) -> float:
    """Variance of the row-to-row change of the ink profile with the page turned by
    ``angle``° counter-clockwise about its centre (as cv2.getRotationMatrix2D)."""
    xs, ys, h = points
    a, b = np.cos(np.radians(angle)), np.sin(np.radians(angle))
    rows = np.rint(a * ys - b * xs + h / 2).astype(np.int64)
    rows = rows[(rows >= 0) & (rows < h)]
    profile = np.bincount(rows, minlength=h).astype(np.float64)
    return float(np.var(np.diff(profile)))


def _best_angle(
    points: tuple[np.ndarray, np.ndarray, int], span: float, step: float, centre: float = 0.0
) -> float:
    angles = np.arange(centre - span, centre + span + step / 2, step)
    scores = [_profile_score(points, float(a)) for a in angles]
    return float(angles[int(np.argmax(scores))])


def _text_only(ink: np.ndarray) -> np.ndarray:
    """Keep the components sized like letters: photos, seals, QR codes and rules would swamp
    the line profiles that the ascender test reads."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n <= 1:
        return ink
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    widths = stats[1:, cv2.CC_STAT_WIDTH]
    typical = float(np.median(heights[heights >= 3])) if np.any(heights >= 3) else 3.0
    keep = np.zeros(n, np.uint8)
    keep[1:] = ((heights <= 2.5 * typical) & (widths <= 6 * typical)).astype(np.uint8) * 255
    return keep[labels]


def _ascender_score(ink: np.ndarray) -> float:
    """Positive when ink sits above the lines' core (upright Latin/Vietnamese text).

    Each text line votes with the sign of (above − below), weighted by its length, so
    one big title or a band of security print cannot outvote the body text.
    """
    rows = ink.sum(axis=1, dtype=np.float64)
    if rows.max() <= 0:
        return 0.0
    on = rows > 0.02 * rows.max()
    votes = weight = 0.0
    start = None
    for i, flag in enumerate([*on.tolist(), False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            line = rows[start:i]
            if len(line) >= 5:
                core = np.nonzero(line >= 0.5 * line.max())[0]
                above = line[: core[0]].sum()
                below = line[core[-1] + 1 :].sum()
                if above + below > 0:
                    mass = float(np.sqrt(line.sum()))
                    votes += mass * (above - below) / (above + below)
                    weight += mass
            start = None
    return 0.0 if weight == 0 else votes / weight


def measure_orientation(gray: np.ndarray) -> Orientation:
    """Measure the quarter turn (0 or 90) and the skew from the text lines' profiles.

    Whether the page is also upside down is a second question, answered by
    :func:`upside_down_score` on the page once its lines are level (and its dotted
    leaders erased, which would otherwise weigh on the baseline side).
    """
    ink, _ = _small_ink(gray)
    candidates = []
    for quarter in (0, 90):
        turned = _ink_points(ink if quarter == 0 else cv2.rotate(ink, cv2.ROTATE_90_CLOCKWISE))
        coarse = _best_angle(turned, 12.0, 1.0)
        fine = _best_angle(turned, 1.0, 0.1, coarse)
        candidates.append((_profile_score(turned, fine), quarter, fine))
    candidates.sort(key=lambda c: c[0], reverse=True)
    best, quarter, skew = candidates[0]
    runner_up = candidates[1][0]
    certainty = 0.0 if best <= 0 else 1.0 - runner_up / best
    return Orientation(rotation=quarter, skew=skew, certainty=certainty)


def upside_down_score(level_gray: np.ndarray) -> float:
    """Positive for upright text, negative for upside-down, near 0 when unclear (-1..1).

    Read at twice the measuring detail: ascenders and accents are a few pixels tall.
    """
    fine_ink, _ = _small_ink(level_gray, 2 * _WORK_WIDTH)
    return _ascender_score(_text_only(fine_ink))


def rotate(image: np.ndarray, rotation: int, skew: float) -> np.ndarray:
    """Apply a quarter turn (clockwise) then a small skew (counter-clockwise), white fill."""
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    if rotation in codes:
        image = cv2.rotate(image, codes[rotation])
    if abs(skew) >= 0.05:
        h, w = image.shape[:2]
        m = cv2.getRotationMatrix2D((w / 2, h / 2), skew, 1.0)
        fill = (255, 255, 255) if image.ndim == 3 else 255
        image = cv2.warpAffine(
            image,
            m,
            (w, h),
            flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_CONSTANT,
            borderValue=fill,
        )
    return image


def find_page_quad(image: np.ndarray) -> np.ndarray | None:
    """The four corners of a sheet photographed on a darker background, or None for a scan."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    scale = min(1.0, 600 / max(gray.shape))
    small = shrink(gray, scale)
    small = cv2.GaussianBlur(small, (5, 5), 0)
    _, sheet = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    # Close the text holes so the sheet is one bright blob.
    sheet = cv2.morphologyEx(sheet, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(sheet, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    area = small.shape[0] * small.shape[1]
    blob = max(contours, key=cv2.contourArea)
    blob_area = cv2.contourArea(blob)
    if not 0.15 * area <= blob_area <= 0.93 * area:
        return None  # no distinct sheet, or the sheet fills the frame: a scan
    hull = cv2.convexHull(blob)
    quad = None
    for eps in (0.01, 0.02, 0.03, 0.05, 0.08):
        approx = cv2.approxPolyDP(hull, eps * cv2.arcLength(hull, True), True)
        if len(approx) == 4:
            quad = approx.reshape(4, 2).astype(np.float32)
            break
    if quad is None or cv2.contourArea(quad) < 0.85 * blob_area:
        return None
    # A sheet on a table shows background nearly all round it (one corner may run out of
    # the frame); a bright patch reaching the frame at two corners or more is lighting on
    # a scan (a shadow's edge), not a sheet.
    h, w = small.shape
    mx, my = 0.01 * w, 0.01 * h
    at_edge = sum(1 for x, y in quad if x < mx or y < my or x > w - 1 - mx or y > h - 1 - my)
    if at_edge > 1:
        return None
    if not _roughly_rectangular(quad):
        return None
    return _order_corners(quad / scale)


def _roughly_rectangular(quad: np.ndarray) -> bool:
    """Corner angles within 25° of square: a photographed sheet, not a stray blob."""
    pts = _order_corners(quad)
    for i in range(4):
        a, b, c = pts[i - 1], pts[i], pts[(i + 1) % 4]
        u, v = a - b, c - b
        cos = float(np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v) + 1e-9))
        if abs(cos) > np.cos(np.radians(65)):
            return False
    return True


def _order_corners(pts: np.ndarray) -> np.ndarray:
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    return np.array(
        [pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]],
        dtype=np.float32,
    )


def warp_quad(image: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """Straighten the sheet inside ``quad`` (tl, tr, br, bl) to a rectangle."""
    tl, tr, br, bl = quad
    width = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    target = np.array(
        [[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32
    )
    m = cv2.getPerspectiveTransform(quad, target)
    return cv2.warpPerspective(
        image, m, (width, height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )
