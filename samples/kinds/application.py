"""The application form (tờ khai) a citizen fills in by hand at the counter."""

from __future__ import annotations

import datetime as dt

from samples.kinds.common import MOTTO, NATION, Built, Context, long_date, title
from samples.layout import BLUE_INK, FieldStyle
from samples.people import date_short
from samples.places import random_address

__all__ = ["build_to_khai"]

_FORMS = (
    ("TỜ KHAI ĐĂNG KÝ THƯỜNG TRÚ", "Đăng ký thường trú tại địa chỉ mới."),
    ("TỜ KHAI CĂN CƯỚC", "Cấp đổi thẻ căn cước do thay đổi thông tin."),
    ("TỜ KHAI ĐỀ NGHỊ CẤP BẢN SAO TRÍCH LỤC HỘ TỊCH", "Cấp 02 bản sao trích lục khai sinh."),
)


def build_to_khai(ctx: Context) -> Built:
    p = ctx.person(born_after=dt.date(1955, 1, 1), born_before=dt.date(2005, 1, 1))
    office = random_address(ctx.rng, p.residence.province)
    filed = ctx.date(dt.date(2022, 1, 1), dt.date(2025, 10, 31))
    form_title, purpose = ctx.rng.choice(_FORMS)
    ink = FieldStyle("sans" if ctx.variant == 2 else "serif_italic", BLUE_INK)
    b = ctx.page()
    b.text(NATION, size=13, role="serif_bold", align="center")
    b.text(MOTTO, size=13, role="serif_bold", align="center", underline=True)
    b.gap(3)
    title(ctx, b, form_title)
    b.text(f"Kính gửi: Ủy ban nhân dân {office.ward}, {office.district}", align="center")
    b.gap(3)
    b.field("1. Họ, chữ đệm và tên:", p.upper_name, ink)
    b.field("2. Ngày, tháng, năm sinh:", date_short(p.birth), ink)
    b.field("3. Giới tính:", p.gender, ink)
    b.field("4. Số định danh cá nhân:", p.id_number, ink)
    b.field("5. Dân tộc:", p.ethnicity, ink)
    b.field("6. Quê quán:", p.origin.origin(), ink)
    b.field("7. Nơi thường trú:", p.residence.full(), ink)
    b.field("8. Số điện thoại liên hệ:", f"09{ctx.rng.randint(0, 99_999_999):08d}", ink)
    b.field("9. Nội dung đề nghị:", purpose, ink)
    b.gap(2)
    b.paragraph(
        "Tôi xin cam đoan những thông tin kê khai trên là đúng sự thật và chịu trách nhiệm "
        "trước pháp luật về lời khai của mình."
    )
    b.gap(5)
    x0 = b.left + (b.x1 - b.left) * 0.45
    b.text(
        long_date(filed, office.district.split(" ", 1)[-1]),
        role="serif_italic",
        align="center",
        x0=x0,
        x1=b.x1,
    )
    b.text("NGƯỜI KÊ KHAI", role="serif_bold", align="center", x0=x0, x1=b.x1)
    b.text("(Ký, ghi rõ họ tên)", role="serif_italic", size=12, align="center", x0=x0, x1=b.x1)
    b.graphic(
        "signature", (x0 + b.x1) / 2 - 18, b.y + 1, 36, 14, seed=ctx.sub_seed(), color=BLUE_INK
    )
    b.y += 17
    b.text(p.full_name, align="center", x0=x0, x1=b.x1, role=ink.value_role, color=BLUE_INK)
    fields = {
        "full_name": p.full_name,
        "date_of_birth": p.birth.isoformat(),
        "gender": p.gender,
        "id_number": p.id_number,
        "place_of_origin": p.origin.origin(),
        "residence": p.residence.full(),
        "issue_date": filed.isoformat(),
    }
    return Built(fields, (b.build(),))
