"""Small copies of a page for measuring, made cheaply.

OpenCV's area resampling has a fast path for whole-number factors (a halving of a
300-dpi A4 page takes ~1 ms) and a slow general one (a 0.28× copy took ~27 ms, 45 ms in
colour, a 0.56× one 38 ms). A page is measured on several small copies, so
:func:`shrink` halves with area averaging while it can and does the last step, less than
a halving, bilinearly.
"""

from __future__ import annotations

import cv2
import numpy as np

__all__ = ["shrink"]


def shrink(image: np.ndarray, scale: float) -> np.ndarray:
    """``image`` scaled down by ``scale`` (≤ 1; larger returns it as it is), close to
    ``cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)``."""
    if scale >= 1.0:
        return image
    h, w = image.shape[:2]
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    out = image
    while out.shape[1] >= 2 * size[0] and out.shape[0] >= 2 * size[1]:
        out = cv2.resize(out, (out.shape[1] // 2, out.shape[0] // 2), interpolation=cv2.INTER_AREA)
    if (out.shape[1], out.shape[0]) != size:
        # Less than a halving is left: each output pixel still draws on the two nearest
        # rows and columns, and bilinear costs a fraction of the general area path.
        out = cv2.resize(out, size, interpolation=cv2.INTER_LINEAR)
    return out
