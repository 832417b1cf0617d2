"""Machine-readable zones on identity papers: the CCCD QR code (and MRZ, see mrz.py)."""

from __future__ import annotations

import logging

import cv2
import numpy as np

from digitizer.doctypes.normalise import normalise_gender, normalise_name, parse_date
from digitizer.doctypes.text import nfc
from digitizer.model import Box, FieldValue

__all__ = ["decode_qr", "parse_cccd_qr"]

log = logging.getLogger(__name__)

#: Finder search runs on a copy no larger than this (pixels on the long side): a card's QR
#: code keeps about 2 pixels per module there even from a 200-dpi scan.
_DETECT_SIDE = 1800
#: At most this many solid squares are checked for a finder pattern's rings.
_MAX_CORES = 2000
#: At most this many candidate regions are decoded per page.
_MAX_REGIONS = 4
#: What a decoded QR payload must look like to be a chip-based ID card's.
_MIN_QR_PARTS = 6


def parse_cccd_qr(
    payload: str, page: int | None = None, box: Box | None = None
) -> dict[str, FieldValue]:
    """Fields of a CCCD QR payload ``id|old_id|name|ddmmyyyy|gender|address|ddmmyyyy``.

    Anything else yields no fields (the QR on a land certificate or an invoice is not ours).
    """
    parts = [p.strip() for p in nfc(payload).split("|")]
    if len(parts) < _MIN_QR_PARTS or not (parts[0].isdigit() and len(parts[0]) == 12):
        return {}
    out: dict[str, FieldValue] = {}

    def put(name: str, value: str | None) -> None:
        if value:
            out[name] = FieldValue(value, 0.99, "qr", page, box)

    put("id_number", parts[0])
    put("full_name", normalise_name(parts[2]))
    put("date_of_birth", parse_date(parts[3]))
    put("gender", normalise_gender(parts[4]))
    put("residence", parts[5] or None)
    if len(parts) > _MIN_QR_PARTS:
        put("issue_date", parse_date(parts[6]))
    return out


def _runs(line: np.ndarray) -> list[tuple[int, int, int]]:
    """(value, start, length) runs of a 0/255 row."""
    edges = np.flatnonzero(np.diff(line.astype(np.int16))) + 1
    starts = np.concatenate(([0], edges))
    lengths = np.diff(np.concatenate((starts, [len(line)])))
    return [(int(line[s]), int(s), int(n)) for s, n in zip(starts, lengths, strict=True)]


def _ring_ok(line: np.ndarray, centre: int) -> bool:
    """A finder pattern's 1:1:3:1:1 dark-light-dark-light-dark runs around ``centre``."""
    runs = _runs(line)
    idx = next((i for i, (_, s, n) in enumerate(runs) if s <= centre < s + n), None)
    if idx is None or idx < 2 or idx + 2 >= len(runs) or runs[idx][0] == 0:
        return False
    module = runs[idx][2] / 3.0
    for j in (idx - 2, idx - 1, idx + 1, idx + 2):
        if not 0.4 * module <= runs[j][2] <= 2.2 * module:
            return False
    return True


def _finder_groups(gray: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Regions that may hold a QR code: three finder patterns close together.

    Text strokes are thinner than a finder's 3×3-module core, so an erosion removes them;
    the few solid squares left are checked for the finder's rings. A page without a code
    costs a resize, a threshold, an erosion and a labelling: tens of milliseconds.
    """
    height, width = gray.shape[:2]
    # Plain decimation: a resize would cost more than everything else here together.
    step = max(1, round(max(height, width) / _DETECT_SIDE))
    scale = 1.0 / step
    small = np.ascontiguousarray(gray[::step, ::step])
    level, _ = cv2.threshold(small[::4, ::4], 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    _, ink = cv2.threshold(small, level, 255, cv2.THRESH_BINARY_INV)
    core = cv2.erode(ink, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(core, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    cores = []
    for contour in contours[: _MAX_CORES * 4]:
        x, y, w, h = cv2.boundingRect(contour)
        if not (2 <= w <= 40 and 2 <= h <= 40 and w <= 1.6 * h and h <= 1.6 * w):
            continue
        if np.count_nonzero(core[y : y + h, x : x + w]) < 0.7 * w * h:
            continue
        mx, my = x + w // 2, y + h // 2
        if _ring_ok(ink[my, :], mx) and _ring_ok(ink[:, mx], my):
            cores.append((float(mx), float(my), float(max(w, h) + 2)))
    regions: list[tuple[int, int, int, int]] = []
    for cx, cy, size in cores:
        near = [
            (px, py)
            for px, py, s2 in cores
            if 0.6 * size <= s2 <= 1.6 * size
            and abs(px - cx) <= 20 * size
            and abs(py - cy) <= 20 * size
        ]
        if len(near) < 3:
            continue
        xs, ys = [p[0] for p in near], [p[1] for p in near]
        pad = 4 * size
        box = (
            max(0, int((min(xs) - pad) / scale)),
            max(0, int((min(ys) - pad) / scale)),
            min(width, int((max(xs) + pad) / scale)),
            min(height, int((max(ys) + pad) / scale)),
        )
        if not any(_inside(box, r) for r in regions):
            regions.append(box)
    return regions[:_MAX_REGIONS]


def _inside(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] >= b[0] and a[1] >= b[1] and a[2] <= b[2] and a[3] <= b[3]


def _decode(crop: np.ndarray) -> str:
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(crop)
    if not text:
        # The ArUco-based detector finds finder patterns the classic one misses on
        # small or soft codes; it is slower, so it runs on the crop only.
        text, _, _ = cv2.QRCodeDetectorAruco().detectAndDecode(crop)
    return str(text or "")


def decode_qr(image_bgr: np.ndarray) -> tuple[str, Box] | None:
    """The text of a QR code on the image and where it is, or None."""
    # The green channel stands in for grey: black-on-white codes read the same, and it
    # costs nothing where a conversion of the whole page would not.
    gray = image_bgr[:, :, 1] if image_bgr.ndim == 3 else image_bgr
    for x0, y0, x1, y1 in _finder_groups(gray):
        text = _decode(np.ascontiguousarray(gray[y0:y1, x0:x1]))
        if text:
            return text, Box(x0, y0, x1 - x0, y1 - y0)
    log.debug("no QR code decoded")
    return None
