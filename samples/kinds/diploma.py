"""The bachelor's diploma (bằng tốt nghiệp), bilingual and landscape."""

from __future__ import annotations

import datetime as dt
import unicodedata

from samples.kinds.common import MOTTO, NATION, Built, Context, long_date, signature_block
from samples.layout import FieldStyle
from samples.people import date_short, random_person

__all__ = ["build_bang_tot_nghiep"]

_SCHOOLS = (
    ("Trường Đại học Kinh tế Quốc dân", "National Economics University", "Hà Nội"),
    ("Trường Đại học Bách khoa Hà Nội", "Hanoi University of Science and Technology", "Hà Nội"),
    ("Trường Đại học Cần Thơ", "Can Tho University", "Cần Thơ"),
    ("Trường Đại học Đà Nẵng", "The University of Danang", "Đà Nẵng"),
    ("Trường Đại học Sư phạm Thành phố Hồ Chí Minh", "Ho Chi Minh City University of Education",
     "Hồ Chí Minh"),
)  # fmt: skip
_MAJORS = (
    ("Kế toán", "Accounting"),
    ("Quản trị kinh doanh", "Business Administration"),
    ("Công nghệ thông tin", "Information Technology"),
    ("Luật", "Law"),
    ("Ngôn ngữ Anh", "English Language"),
    ("Kỹ thuật xây dựng", "Civil Engineering"),
)
_RANKS = (
    ("Xuất sắc", "Excellent"),
    ("Giỏi", "Very good"),
    ("Khá", "Good"),
    ("Trung bình khá", "Fairly good"),
)


def build_bang_tot_nghiep(ctx: Context) -> Built:
    """A bachelor's diploma, landscape: English on the left half, Vietnamese on the right."""
    grad = ctx.person(born_after=dt.date(1975, 1, 1), born_before=dt.date(2003, 1, 1))
    school, school_en, city = ctx.rng.choice(_SCHOOLS)
    major, major_en = ctx.rng.choice(_MAJORS)
    rank, rank_en = ctx.rng.choice(_RANKS)
    issued = ctx.date(grad.birth + dt.timedelta(days=22 * 366), dt.date(2025, 9, 30))
    number = f"{ctx.rng.randint(0, 999_999):06d}"
    register = f"{ctx.rng.randint(1, 9999)}/ĐHCQ-{issued.year}"
    b = ctx.page(width=297.0, height=210.0, paper=(252, 248, 236))
    b.left, b.right, b.top = (25.0, 25.0, 18.0)
    b.y = 20.0
    b.rule(8, 8, 289, 202, box=True, width=1.6, color=(160, 40, 40))
    b.rule(12, 12, 285, 198, box=True, width=0.5, color=(180, 140, 60))
    mid = 148.5
    # Left half, read first: the English side, then the serial numbers under it.
    b.text(
        "SOCIALIST REPUBLIC OF VIET NAM",
        size=12.5,
        role="serif_bold",
        align="center",
        x0=b.left,
        x1=mid - 5,
    )
    b.text(
        "Independence - Freedom - Happiness",
        size=12.5,
        role="serif_bold",
        align="center",
        x0=b.left,
        x1=mid - 5,
        underline=True,
    )
    b.gap(4)
    for row in b.wrap(f"THE RECTOR OF {school_en.upper()}", mid - 5 - b.left, "serif_bold", 12.5):
        b.text(row, size=12.5, role="serif_bold", align="center", x0=b.left, x1=mid - 5)
    b.text("confers", size=12.5, role="serif_italic", align="center", x0=b.left, x1=mid - 5)
    b.text(
        "THE DEGREE OF BACHELOR",
        size=18,
        role="serif_bold",
        align="center",
        x0=b.left,
        x1=mid - 5,
        color=(170, 30, 30),
    )
    b.gap(2)
    en = FieldStyle("serif_bold_italic", leader=False, x0=b.left + 5, x1=mid - 5, size=12.5)
    b.field("Major:", major_en, en)
    b.field("Upon:", f"{'Mr' if grad.male else 'Ms'} {_ascii(grad.full_name)}", en)
    b.field("Date of birth:", date_short(grad.birth), en)
    b.field("Degree classification:", rank_en, en)
    b.field("Mode of study:", "Full-time", en)
    b.y = 176.0
    b.text(f"Số hiệu: {number}", size=12, x0=30)
    b.text(f"Số vào sổ cấp bằng: {register}", size=12, x0=30)
    # Right half: the Vietnamese side with the signature and seal.
    b.y = 20.0
    b.text(NATION, size=12.5, role="serif_bold", align="center", x0=mid, x1=b.x1)
    b.text(MOTTO, size=12.5, role="serif_bold", align="center", x0=mid, x1=b.x1, underline=True)
    b.gap(4)
    for row in b.wrap(f"HIỆU TRƯỞNG {school.upper()}", b.x1 - mid, "serif_bold", 12.5):
        b.text(row, size=12.5, role="serif_bold", align="center", x0=mid, x1=b.x1)
    b.text("cấp", size=12.5, role="serif_italic", align="center", x0=mid, x1=b.x1)
    b.text(
        "BẰNG CỬ NHÂN",
        size=18,
        role="serif_bold",
        align="center",
        x0=mid,
        x1=b.x1,
        color=(170, 30, 30),
    )
    b.gap(2)
    vi = FieldStyle("serif_bold_italic", leader=False, x0=mid + 5, x1=b.x1, size=12.5)
    b.field("Ngành:", major, vi)
    b.field("Cho:", f"{'Ông' if grad.male else 'Bà'} {grad.full_name}", vi)
    b.field("Ngày sinh:", date_short(grad.birth), vi)
    b.field("Xếp loại tốt nghiệp:", rank, vi)
    b.field("Hình thức đào tạo:", "Chính quy", vi)
    b.gap(2)
    signature_block(
        ctx,
        b,
        ["HIỆU TRƯỞNG"],
        random_person(ctx.rng).full_name,
        school.upper(),
        place_date=long_date(issued, city),
        x0=mid + 10,
    )
    fields = {
        "full_name": grad.full_name,
        "date_of_birth": grad.birth.isoformat(),
        "document_number": number,
        "issue_date": issued.isoformat(),
        "issuing_authority": school,
    }
    return Built(fields, (b.build(),))


def _ascii(text: str) -> str:
    """``Nguyen Van An``: the English side of a diploma writes names without diacritics."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode()
