"""An issuing authority printed in capitals, written as Vietnamese writes agency names.

Headers print the authority in capitals ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG / TỈNH AN GIANG");
the stored value follows the usual case: the agency's name as it is written ("Sở Tài
nguyên và Môi trường"), every word of a place name capitalised after its unit ("Tỉnh An
Giang"), the rest in lower case. A value printed in mixed case is kept as printed.
"""

from __future__ import annotations

from digitizer.doctypes.text import fold

__all__ = ["authority_case"]

#: Agency names as written (capitals at the start of each name part, by usage).
_AGENCIES = (
    "Ủy ban nhân dân", "Hội đồng nhân dân", "Bộ Công an", "Công an", "Bộ Tư pháp",
    "Sở Tư pháp", "Phòng Tư pháp", "Sở Tài nguyên và Môi trường",
    "Phòng Tài nguyên và Môi trường", "Sở Giao thông vận tải", "Sở Kế hoạch và Đầu tư",
    "Phòng Đăng ký kinh doanh", "Cục Quản lý xuất nhập cảnh",
    "Cục Cảnh sát quản lý hành chính về trật tự xã hội", "Văn phòng đăng ký đất đai",
    "Chi nhánh văn phòng đăng ký đất đai", "Tòa án nhân dân", "Trường Đại học",
    "Đại học", "Sở Giáo dục và Đào tạo", "Bộ Giáo dục và Đào tạo", "Sở Nội vụ", "Bộ Ngoại giao",
)  # fmt: skip
_BY_FOLD = {tuple(fold(a).split()): a.split() for a in _AGENCIES}
_LONGEST = max(len(k) for k in _BY_FOLD)
#: Administrative units: the words after one are a place name, each capitalised.
_UNITS = (("thanh", "pho"), ("thi", "tran"), ("thi", "xa"), ("tinh",), ("quan",), ("huyen",),
          ("phuong",), ("xa",))  # fmt: skip


#: Abbreviations stay in capitals ("UBND Xã Tân Lập").
_ABBREVIATIONS = frozenset({"ubnd", "hdnd", "tnhh", "ca"})


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def authority_case(text: str) -> str:
    """``text`` in the usual case of an agency name when it was printed in capitals."""
    if not text.isupper():
        return text
    words = text.split()
    folded = [fold(w).strip(",.-") for w in words]
    out: list[str] = []
    place = False
    i = 0
    while i < len(words):
        agency = next(
            (
                n
                for n in range(min(_LONGEST, len(words) - i), 0, -1)
                if tuple(folded[i : i + n]) in _BY_FOLD
            ),
            0,
        )
        if agency:
            spelled = _BY_FOLD[tuple(folded[i : i + agency])]
            tail = "," if words[i + agency - 1].endswith(",") else ""
            out += [*spelled[:-1], spelled[-1] + tail]
            i += agency
            place = False
            continue
        unit = next((u for u in _UNITS if tuple(folded[i : i + len(u)]) == u), None)
        if unit is not None:
            out += [_cap(words[i]), *(w.lower() for w in words[i + 1 : i + len(unit)])]
            i += len(unit)
            place = True
            continue
        word = words[i]
        if folded[i] in _ABBREVIATIONS:
            out.append(word)
            i += 1
            continue
        first = not out or out[-1].endswith(("-", ",")) or word.startswith("-")
        out.append(_cap(word) if place or first else word.lower())
        if word.endswith((",", "-")) or word == "-":
            place = False
        i += 1
    return " ".join(out)
