"""Marks of a name printed in capitals: the page's other spellings, then a syllable list.

OCR places the marks on capitals less surely than on lower-case letters: "TUẦN" for
"TUẤN", "HÔNG" for "HỒNG". Two general sources put them right:

* the same name printed elsewhere on the page with its marks (running text, a card's
  other side, the line an MRZ name was taken from);
* the given- and middle-name syllables in common use: a syllable read with marks that
  no such name carries ("Tuần" means week, "Hông" hip) whose letters fit exactly one
  syllable of the list is that syllable. A syllable the list knows is never changed, and
  a fold the list spells two ways ("Chi"/"Chí") is left as read.

Neither is silent: a re-accented name is less sure and carries a ``name_reaccented``
notice, so staff compare it with the paper.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence

from digitizer.doctypes.labels import FIELD_KINDS
from digitizer.doctypes.lines import page_lines, union_box
from digitizer.doctypes.normalise import correct_surname, marks_missing, normalise_name
from digitizer.doctypes.notices import WarningCode, notice
from digitizer.doctypes.repair import REPAIRED_CONFIDENCE
from digitizer.doctypes.text import fold
from digitizer.model import FieldValue, Notice, OcrPage

__all__ = ["GIVEN_SYLLABLES", "reaccent", "respell_names", "spelled_on_page"]

_SPELLINGS = """
    An Anh Ánh Ân Ái Bảo Bá Bách Bích Bình Bằng Cảnh Cẩm Châu Chi Chí Chiến Chinh Chung
    Công Cúc Cường Danh Diễm Diệp Diệu Dung Duy Duyên Dũng Dương Đại Đan Đào Đạt Đăng
    Điệp Định Đình Đoan Đông Đồng Đức Gia Giang Giao Hà Hạ Hải Hạnh Hào Hảo Hằng Hân
    Hậu Hiền Hiển Hiếu Hiệp Hoa Hòa Hoài Hoàn Hoàng Hồng Huân Huấn Huệ Hùng Hưng Hương
    Hường Hữu Huy Huyền Khang Khanh Khánh Khải Khắc Khiêm Khoa Khôi Khuê Kiên Kiều Kim
    Kỳ Lam Lan Lâm Lập Lệ Liên Liễu Linh Loan Lộc Lợi Long Luân Lực Lương Ly Lý Mai Mạnh
    Minh Mỹ My Nam Nga Ngà Ngân Nghĩa Ngọc Nguyên Nguyệt Nhàn Nhã Nhân Nhật Nhi Như
    Nhung Ninh Oanh Phát Phi Phong Phú Phúc Phụng Phước Phương Phượng Quang Quân Quế
    Quốc Quý Quyên Quyết Quỳnh Sang Sáng Sơn Sương Tài Tâm Tân Tấn Thạch Thái Thanh
    Thành Thảo Thắm Thắng Thế Thiên Thiện Thịnh Thị Thoa Thọ Thông Thơ Thu Thuận Thủy
    Thùy Thúy Thư Thương Tiến Tiên Tín Tình Toàn Trà Trâm Trang Trí Triều Trinh Trọng
    Trúc Trung Trường Tú Tuấn Tùng Tuyết Tuyền Tường Uyên Văn Vân Việt Viết Vinh Vĩnh Vũ
    Vương Vy Xuân Yến
"""
#: Middle- and given-name syllables in common use, as Vietnamese spells them.
GIVEN_SYLLABLES = frozenset(_SPELLINGS.split())
_BY_FOLD: dict[str, set[str]] = defaultdict(set)
for _s in GIVEN_SYLLABLES:
    _BY_FOLD[fold(_s)].add(_s)


def _known_spelling(word: str) -> str | None:
    """The one listed syllable ``word`` (read with marks, not listed) must be, else None."""
    if word in GIVEN_SYLLABLES or fold(word) == word.lower():
        return None  # listed, or read with no marks at all (those cannot be guessed)
    options = _BY_FOLD.get(fold(word), set())
    if len(options) != 1:
        return None
    known = next(iter(options))
    # "Hoà" is "Hòa" with the mark on the other vowel (the old placement): the same reading.
    return None if _marks(known) == _marks(word) else known


def _marks(word: str) -> list[str]:
    return sorted(ch for ch in unicodedata.normalize("NFD", word.lower()) if ch not in "aeiouyd")


def reaccent(name: str) -> tuple[str, bool]:
    """``name`` with each middle or given syllable that fits one listed syllable spelled so.

    The family name is :func:`correct_surname`'s. A name read with no marks at all is left
    as read (see :func:`marks_missing`).
    """
    if marks_missing(name) or fold(name) == name.lower():
        return name, False
    parts = name.split()
    out = parts[:1]
    for word in parts[1:]:
        out.append(_known_spelling(word) or word)
    return " ".join(out), out != parts


def spelled_on_page(pages: Sequence[OcrPage], name: str) -> FieldValue | None:
    """The marked spelling of ``name`` (read without marks, as an MRZ gives it) on the pages.

    A run of whole words on one line that folds to the name and carries marks:
    "NGUYÊN ĐỨC TUẦN" for the MRZ's "NGUYEN DUC TUAN". Normalised, family name corrected;
    source ``ocr`` (the marks are OCR's), with that reading's confidence and box.
    """
    target = fold(name).split()
    n = len(target)
    if not n:
        return None
    for page in pages:
        for line in page_lines(page):
            folded = [w.strip(",.:;-") for w in line.folded]
            for i in range(len(folded) - n + 1):
                if folded[i : i + n] != target:
                    continue
                spelled = normalise_name(" ".join(line.words[i : i + n]))
                if fold(spelled) != fold(name) or fold(spelled) == spelled.lower():
                    continue
                conf = sum(line.confidences[i : i + n]) / n
                box = union_box(line.boxes[i : i + n])
                return FieldValue(
                    correct_surname(spelled)[0], round(conf, 3), "ocr", page.number, box
                )
    return None


def respell_names(
    fields: Mapping[str, FieldValue], pages: Sequence[OcrPage]
) -> tuple[dict[str, FieldValue], list[Notice]]:
    """Names given their marks: an MRZ name from its printed spelling, then :func:`reaccent`.

    A name re-accented from the syllable list is capped at ``REPAIRED_CONFIDENCE`` and
    carries a ``name_reaccented`` notice.
    """
    out = dict(fields)
    notes: list[Notice] = []
    for name, read in fields.items():
        if FIELD_KINDS.get(name) != "name":
            continue
        fv = read
        if fv.source == "mrz":
            printed = spelled_on_page(pages, fv.value)
            if printed is None:
                continue
            fv = printed
        if fv.source != "ocr":
            continue
        spelled, changed = reaccent(fv.value)
        if changed:
            fv = FieldValue(
                spelled, min(fv.confidence, REPAIRED_CONFIDENCE), fv.source, fv.page, fv.box
            )
            notes.append(notice(WarningCode.NAME_REACCENTED, fv.page, name))
        out[name] = fv
    return out, notes
