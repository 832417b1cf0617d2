"""Settings of the digitizer section (``SOHOA_DIGITIZER__<FIELD>``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from digitizer import DigitizeSpec


class DigitizerSettings(BaseModel):
    """Limits and OCR options; turned into the digitizer's own frozen spec by :meth:`to_spec`."""

    max_bytes: int = Field(default=200 * 1024 * 1024, gt=0)
    """Largest accepted input file, in bytes."""
    max_pixels: int = Field(default=12_000 * 12_000, gt=0)
    """Largest decoded page (width × height); more is refused as a decompression bomb."""
    max_pages: int = Field(default=500, gt=0)
    """Most pages accepted in one input."""
    lang: str = "vie"
    """Tesseract language(s); ``vie`` was chosen on bench/ocr.py."""
    jobs: int = Field(default=0, ge=0)
    """Page workers; 0 means one per core."""
    render_dpi: int = Field(default=300, ge=72, le=600)
    """Resolution for rasterising PDF pages that carry no scan of their own."""
    tool_timeout: float = Field(default=300.0, gt=0)
    """Seconds Tesseract or Poppler may spend on one page."""
    jpeg_quality: int = Field(default=80, ge=30, le=100)
    """JPEG quality of page images in the searchable PDF."""
    pdfa: bool = True
    """Write PDF/A-2b metadata and an sRGB output intent."""
    ui_language: str = Field(default="vi", pattern="^(vi|en)$")
    """Language of warning messages; follows ``SOHOA_LANG`` unless set."""

    def to_spec(self, *, jobs: int | None = None) -> DigitizeSpec:
        """The digitizer's spec for these settings (``jobs`` overrides the setting)."""
        # Imported here: reading settings must not load OpenCV and Tesseract's helpers.
        from digitizer import DigitizeSpec, Limits

        return DigitizeSpec(
            limits=Limits(
                max_bytes=self.max_bytes, max_pixels=self.max_pixels, max_pages=self.max_pages
            ),
            lang=self.lang,
            jobs=self.jobs if jobs is None else jobs,
            render_dpi=self.render_dpi,
            tool_timeout=self.tool_timeout,
            jpeg_quality=self.jpeg_quality,
            pdfa=self.pdfa,
            ui_language=self.ui_language,
        )
