"""The passport's data page (hộ chiếu) with its ICAO TD3 machine-readable zone."""

from __future__ import annotations

import datetime as dt

from samples.kinds.common import Built, Context
from samples.layout import RED_SEAL, PageBuilder
from samples.machine import mrz_td3
from samples.people import add_months, date_short

__all__ = ["build_ho_chieu"]


def build_ho_chieu(ctx: Context) -> Built:
    p = ctx.person(born_after=dt.date(1955, 1, 1), born_before=dt.date(2015, 1, 1))
    issued = ctx.date(
        max(dt.date(2016, 1, 1), p.birth + dt.timedelta(days=400)), dt.date(2025, 9, 1)
    )
    expiry = add_months(issued, 120) - dt.timedelta(days=1)
    number = f"{ctx.rng.choice('CNPK')}{ctx.rng.randint(0, 9_999_999):07d}"
    authority = "Cục Quản lý xuất nhập cảnh"
    w, h = 125.0, 88.0
    b = PageBuilder(
        ctx.family, width=w, height=h, left=4, right=4, top=4, leading=1.2, paper=(244, 240, 232)
    )
    b.graphic("guilloche", 0, 0, w, h, seed=ctx.sub_seed(), color=(205, 215, 235))
    b.text(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / SOCIALIST REPUBLIC OF VIET NAM",
        size=7.2,
        role="serif_bold",
        align="center",
    )
    b.text("HỘ CHIẾU / PASSPORT", size=10, role="serif_bold", align="center", color=RED_SEAL)
    b.graphic("photo", 5, 20, 30, 40, seed=ctx.sub_seed())
    x = 40.0
    b.text(f"Loại/Type: P    Mã số/Code: VNM    Số hộ chiếu/Passport No.: {number}", size=6.6, x0=x)
    b.text("Họ và tên/Full name:", size=6.4, x0=x)
    b.text(p.upper_name, size=8.6, role="serif_bold", x0=x)
    b.text("Quốc tịch/Nationality: VIỆT NAM", size=6.6, x0=x)
    b.text(f"Ngày sinh/Date of birth: {date_short(p.birth)}", size=6.6, x0=x)
    b.text(f"Nơi sinh/Place of birth: {p.birth_province.upper()}", size=6.6, x0=x)
    b.text(f"Giới tính/Sex: {p.gender.upper()}/{'M' if p.male else 'F'}", size=6.6, x0=x)
    b.text(f"Số GCMND/ID card No: {p.id_number}", size=6.6, x0=x)
    b.text(f"Ngày cấp/Date of issue: {date_short(issued)}", size=6.6, x0=x)
    b.text(f"Có giá trị đến/Date of expiry: {date_short(expiry)}", size=6.6, x0=x)
    b.text(f"Nơi cấp/Place of issue: {authority}", size=6.6, x0=x)
    b.y = 70.0
    mrz = mrz_td3(
        passport_number=number,
        surname=p.surname,
        given_names=f"{p.middle} {p.given}",
        birth=p.birth,
        male=p.male,
        expiry=expiry,
        personal_number=p.id_number,
    )
    for line in mrz:
        b.text(line, size=10.2, role="mono", x0=5)
    page = b.build()
    if ctx.variant != 0:
        a4 = ctx.page()
        a4.embed((210 - w) / 2, 35 if ctx.variant == 1 else 150, page)
        page = a4.build()
    fields = {
        "full_name": p.full_name,
        "date_of_birth": p.birth.isoformat(),
        "gender": p.gender,
        "id_number": p.id_number,
        "document_number": number,
        "issue_date": issued.isoformat(),
        "expiry_date": expiry.isoformat(),
        "issuing_authority": authority,
    }
    return Built(fields, (page,), {"mrz": list(mrz)})
