"""What scanners and phones do to a page: low resolution, skew, rotation, noise, JPEG,
shadow, and the phone photo of a page on a table.

Every degradation is a pure function of (image, seed). ``degrade_with_params`` also
returns what it did (angle, scale, page corners) for tests that check a correction.
"""

from __future__ import annotations

import io
from typing import Any

import cv2
import numpy as np
from PIL import Image

from samples.errors import UnknownDegradationError

__all__ = ["DEGRADATIONS", "degrade", "degrade_with_params"]

DEGRADATIONS = (
    "clean",
    "dpi200",
    "skew",
    "rot90",
    "rot180",
    "rot270",
    "noise_blur",
    "jpeg_low",
    "shadow",
    "photo",
)


def degrade(image: Image.Image, degradation: str, seed: int) -> Image.Image:
    """The image as scanned or photographed badly in the named way (``DEGRADATIONS``)."""
    return degrade_with_params(image, degradation, seed)[0]


def degrade_with_params(
    image: Image.Image, degradation: str, seed: int
) -> tuple[Image.Image, dict[str, Any]]:
    """``degrade`` plus the parameters drawn: ``angle``, ``rotation``, ``scale``, ``quality``,
    ``corners`` (the page's corners in the output, for ``photo``) and the output ``dpi``."""
    try:
        step = _STEPS[degradation]
    except KeyError:
        raise UnknownDegradationError(
            f"unknown degradation {degradation!r}; choose one of: {', '.join(DEGRADATIONS)}"
        ) from None
    rng = np.random.default_rng([seed, DEGRADATIONS.index(degradation)])
    dpi = float(image.info.get("dpi", (300, 300))[0])
    rgb = np.asarray(image.convert("RGB"))
    out, params = step(rgb, rng, dpi)
    result = Image.fromarray(out)
    result.info["dpi"] = (params.get("dpi", dpi),) * 2
    params.setdefault("dpi", dpi)
    return result, params


Array = np.ndarray
Params = dict[str, Any]


def _clean(a: Array, rng: np.random.Generator, dpi: float) -> tuple[Array, Params]:
    return a, {}


def _dpi200(a: Array, rng: np.random.Generator, dpi: float) -> tuple[Array, Params]:
    scale = 200.0 / dpi
    h, w = a.shape[:2]
    out = cv2.resize(a, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    return out, {"scale": scale, "dpi": 200.0}


def _skew(a: Array, rng: np.random.Generator, dpi: float) -> tuple[Array, Params]:
    angle = float(rng.uniform(1.0, 6.0) * rng.choice([-1, 1]))
    return _rotate(a, angle, (255, 255, 255)), {"angle": round(angle, 3)}


def _rotate(a: Array, angle: float, fill: tuple[int, int, int]) -> Array:
    """Rotate counter-clockwise by ``angle`` degrees, enlarging the canvas to keep every corner."""
    h, w = a.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(a, m, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=fill)


def _turn(k: int) -> Any:
    def step(a: Array, rng: np.random.Generator, dpi: float) -> tuple[Array, Params]:
        # np.rot90 turns counter-clockwise; "rotation" is the clockwise turn that undoes it.
        return np.ascontiguousarray(np.rot90(a, k)), {"rotation": (90 * k) % 360}

    return step


def _noise_blur(a: Array, rng: np.random.Generator, dpi: float) -> tuple[Array, Params]:
    sigma_blur = float(rng.uniform(0.9, 1.6)) * dpi / 300
    sigma_noise = float(rng.uniform(10, 22))
    out = cv2.GaussianBlur(a, (0, 0), sigma_blur)
    out = cv2.add(
        out, cv2.merge([_gaussian_noise(out.shape[:2], sigma_noise, rng)] * 3), dtype=cv2.CV_8U
    )
    cv2.setRNGSeed(int(rng.integers(1 << 31)))
    speck_field = np.empty(out.shape[:2], np.uint16)
    cv2.randu(speck_field, np.zeros(1), np.full(1, 10000.0))
    out[speck_field < 20] = 30  # dust: 0.2 % of the pixels
    return out, {
        "blur": round(sigma_blur, 3),
        "noise": round(sigma_noise, 2),
    }


def _gaussian_noise(shape: tuple[int, ...], sigma: float, rng: np.random.Generator) -> Array:
    """int16 noise from OpenCV's generator, seeded from ours: numpy's costs a second a page."""
    cv2.setRNGSeed(int(rng.integers(1 << 31)))
    noise = np.empty(shape[:2], np.int16)
    cv2.randn(noise, np.zeros(1), np.full(1, sigma))
    return noise


def _jpeg(a: Array, quality: int) -> Array:
    buf = io.BytesIO()
    Image.fromarray(a).save(buf, "JPEG", quality=quality)
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))


def _jpeg_low(a: Array, rng: np.random.Generator, dpi: float) -> tuple[Array, Params]:
    quality = int(rng.integers(20, 31))
    return _jpeg(a, quality), {"quality": quality}


def _smooth_field(h: int, w: int, small: Array) -> Array:
    """Upsample a coarse field to (h, w): illumination and texture vary slowly, so they are
    computed on a grid 8× coarser (a full-size float field of a photo costs seconds)."""
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def _lighting(h: int, w: int, rng: np.random.Generator, depth: float) -> Array:
    """A smooth illumination field in [1 - depth, 1]: a side gradient plus a soft shadow."""
    sh, sw = max(2, h // 8), max(2, w // 8)
    ys, xs = np.mgrid[0:sh, 0:sw].astype(np.float32)
    theta = rng.uniform(0, 2 * np.pi)
    ramp = np.cos(theta) * xs / sw + np.sin(theta) * ys / sh
    ramp = (ramp - ramp.min()) / max(1e-6, float(np.ptp(ramp)))
    field = 1.0 - depth * 0.6 * ramp
    # A soft elliptical shadow (a hand, a phone) somewhere near an edge.
    cx = rng.uniform(0, sw)
    cy = rng.choice([rng.uniform(-0.1, 0.25), rng.uniform(0.75, 1.1)]) * sh
    rx, ry = rng.uniform(0.3, 0.6) * sw, rng.uniform(0.15, 0.3) * sh
    blob = np.exp(-(((xs - cx) / rx) ** 2 + ((ys - cy) / ry) ** 2))
    return _smooth_field(h, w, (field * (1.0 - depth * 0.5 * blob)).astype(np.float32))


def _shadow(a: Array, rng: np.random.Generator, dpi: float) -> tuple[Array, Params]:
    low, high = float(rng.uniform(50, 80)), float(rng.uniform(185, 215))
    out = low + a.astype(np.float32) * (high - low) / 255.0
    depth = float(rng.uniform(0.35, 0.55))
    out *= _lighting(a.shape[0], a.shape[1], rng, depth)[..., None]
    return out.clip(0, 255).astype(np.uint8), {
        "contrast": [round(low), round(high)],
        "shadow": round(depth, 3),
    }


def _background(h: int, w: int, rng: np.random.Generator) -> Array:
    """A wooden table (grain along x) or a plain textured desk, as uint8 RGB."""
    sh, sw = max(2, h // 4), max(2, w // 4)
    ys, xs = np.mgrid[0:sh, 0:sw].astype(np.float32)
    if rng.random() < 0.6:
        base = np.array(rng.choice([[150, 100, 60], [120, 80, 45], [175, 130, 85]]), np.float32)
        grain = np.sin(ys / rng.uniform(1.5, 3.5) + 3 * np.sin(xs / rng.uniform(20, 50)))
        tex = 1.0 + 0.12 * grain[..., None]
    else:
        base = np.array(rng.choice([[90, 95, 100], [200, 200, 195], [60, 70, 85]]), np.float32)
        tex = np.ones((sh, sw, 1), np.float32)
    noise = rng.standard_normal((sh, sw), dtype=np.float32)[..., None]
    small = (base * tex + 10 * noise).clip(0, 255).astype(np.uint8)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)


def _photo(a: Array, rng: np.random.Generator, dpi: float) -> tuple[Array, Params]:
    h, w = a.shape[:2]
    margin = rng.uniform(0.06, 0.14)
    out_w, out_h = int(w * (1 + 2 * margin)), int(h * (1 + 2 * margin))
    jitter = rng.uniform(-0.05, 0.05, (4, 2)) * [w, h]
    ox, oy = margin * w, margin * h
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    square = np.array([[ox, oy], [ox + w, oy], [ox + w, oy + h], [ox, oy + h]], dtype=np.float32)
    dst = (square + jitter).astype(np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    page = cv2.warpPerspective(a, m, (out_w, out_h), flags=cv2.INTER_LINEAR, borderValue=(0, 0, 0))
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), m, (out_w, out_h))
    mask = cv2.GaussianBlur(mask, (0, 0), 1.0)
    table = _background(out_h, out_w, rng)
    # Page over table by the (anti-aliased) page mask: uint8 blending keeps it fast.
    out = cv2.blendLinear(
        page, table, mask.astype(np.float32) / 255, 1 - mask.astype(np.float32) / 255
    )
    light = _lighting(out_h, out_w, rng, float(rng.uniform(0.2, 0.4)))
    balance = rng.uniform(0.92, 1.04, 3)  # white balance
    channels = [
        cv2.multiply(c, light * float(b), dtype=cv2.CV_8U)
        for c, b in zip(cv2.split(out), balance, strict=True)
    ]
    out = cv2.GaussianBlur(cv2.merge(channels), (0, 0), float(rng.uniform(0.6, 1.2)))
    out = cv2.add(out, cv2.merge([_gaussian_noise(out.shape[:2], 4.0, rng)] * 3), dtype=cv2.CV_8U)
    quality = int(rng.integers(70, 86))
    params = {"corners": dst.round(1).tolist(), "quality": quality}
    return _jpeg(out, quality), params


_STEPS = {
    "clean": _clean,
    "dpi200": _dpi200,
    "skew": _skew,
    "rot90": _turn(1),
    "rot180": _turn(2),
    "rot270": _turn(3),
    "noise_blur": _noise_blur,
    "jpeg_low": _jpeg_low,
    "shadow": _shadow,
    "photo": _photo,
}
