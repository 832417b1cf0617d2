"""Diacritics of known phrases restored after recognition (digitizer.marks)."""

from __future__ import annotations

from pathlib import Path

import pytest

from digitizer.marks import PhraseBook, phrase_book, restore_marks
from digitizer.model import Box, Word


def _words(*lines: str) -> tuple[Word, ...]:
    out = []
    for n, line in enumerate(lines):
        for i, text in enumerate(line.split()):
            out.append(Word(text, 0.93, Box(10 + 60 * i, 40 * n, 50, 30), n))
    return tuple(out)


def _text(words: tuple[Word, ...]) -> str:
    return " ".join(w.text for w in words)


def test_a_title_read_with_wrong_marks_takes_the_phrase_marks_case_and_boxes_kept() -> None:
    """Given the capitals of a land certificate's title as ``vie`` reads them, wrapped on
    two lines, then the marks are the title's and everything else is as read."""
    read = _words(
        "GIẦY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT,", "QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẲN KHÁC GẮN LIÊN VỚI ĐẤT"
    )
    fixed = restore_marks(read)
    assert _text(fixed) == (
        "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT"
    )
    assert [w.box for w in fixed] == [w.box for w in read]
    assert [w.confidence for w in fixed] == [w.confidence for w in read]


def test_lower_case_and_title_case_words_keep_their_case() -> None:
    assert _text(restore_marks(_words("Theo đề nghị của Giám đốc Sỏ Nội vụ"))) == (
        "Theo đề nghị của Giám đốc Sở Nội vụ"
    )
    assert _text(restore_marks(_words("cấp theo sổ hộ khấu số 12"))) == "cấp theo sổ hộ khẩu số 12"


def test_punctuation_between_the_words_of_a_phrase_is_passed_over() -> None:
    assert _text(restore_marks(_words("Độc lập - Tự đo - Hạnh phúc"))) == (
        "Độc lập - Tự do - Hạnh phúc"
    )


def test_one_word_alone_and_a_name_are_never_changed() -> None:
    """``số`` or ``sổ``, ``Nguyên`` or ``Nguyễn``: one syllable alone cannot tell, and no
    name is in the book."""
    for line in ("Số: 12/QĐ-UBND", "sổ", "NGUYÊN VĂN AN", "Trần Thị Quyên", "phô"):
        read = _words(line)
        assert restore_marks(read) == read


def test_correct_names_and_everyday_words_are_never_changed() -> None:
    """Two words whose letters spell a set phrase are often a name or an everyday
    phrase (a review found each of these changed when two words were matched)."""
    for line in (
        "Họ và tên: NGUYỄN THỊ TRÂN",
        "Lê Tố Trinh",
        "Nghề nghiệp: Công nhân",
        "KT. BỘ TRƯỞNG THỨ TRƯỞNG",
        "căn cứ vào số liệu",
        "Ngày cập nhật",
        "công ăn việc làm",
        "cần cù",
        "để nghỉ",
        "giấy mới",
        "được sử dụng chúng",
        "điện tích",
    ):
        read = _words(line)
        assert restore_marks(read) == read, line


def test_a_name_line_and_the_line_below_its_label_are_never_changed() -> None:
    """Given a phrase whose letters a name happens to spell, then on a name line, or on
    the line below a name label, the name stays as read; elsewhere the phrase's marks win."""
    book = PhraseBook(["thị trấn mới"])
    for lines in (("Họ và tên: NGUYỄN THỊ TRÂN MÔI",), ("Họ, chữ đệm và tên:", "THỊ TRÂN MÔI")):
        read = _words(*lines)
        assert restore_marks(read, book) == read
    assert _text(restore_marks(_words("Ghi chú: THỊ TRÂN MÔI"), book)) == "Ghi chú: THỊ TRẤN MỚI"


def test_the_same_marks_placed_otherwise_are_left_as_read() -> None:
    """``Uỷ ban`` and ``Ủy ban``, ``Hoà`` and ``Hòa`` are both correct spellings."""
    read = _words("UỶ BAN NHÂN DÂN", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert restore_marks(read) == read


def test_phrases_that_differ_only_in_marks_are_dropped_from_the_book() -> None:
    book = PhraseBook(["sổ hộ khẩu", "số hộ khẩu", "giấy khai sinh", "tờ", "6 tháng"])
    assert len(book) == 1
    read = _words("số hộ khẩu GIẦY KHAI SINH")
    assert _text(restore_marks(read, book)) == "số hộ khẩu GIẤY KHAI SINH"


def test_the_shipped_book_holds_the_catalogue_titles_and_the_set_phrases() -> None:
    book = phrase_book()
    assert book.get(("giay", "khai", "sinh")) == ("giấy", "khai", "sinh")
    assert book.get(("cong", "hoa", "xa", "hoi", "chu", "nghia", "viet", "nam")) is not None
    assert book.get(("doc", "lap", "tu", "do", "hanh", "phuc")) is not None


def test_a_broken_catalogue_leaves_the_set_phrases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Given an agency catalogue that does not load, then pages still get the set
    phrases' marks (the classifier tells staff about the catalogue)."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\ntypes: [{code: 1}]\n", encoding="utf-8")
    monkeypatch.setenv("SOHOA_DOCTYPES_CATALOGUE", str(broken))
    phrase_book.cache_clear()
    try:
        book = phrase_book()
        assert book.get(("doc", "lap", "tu", "do", "hanh", "phuc")) is not None
        assert book.get(("giay", "khai", "sinh")) is None
    finally:
        phrase_book.cache_clear()
