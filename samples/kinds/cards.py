"""Cards: the chip-based citizen ID card and the driving licence."""

from __future__ import annotations

import datetime as dt

from samples.kinds.common import MOTTO, NATION, Built, Context
from samples.layout import BLUE_INK, RED_SEAL, PageBuilder, PageLayout
from samples.machine import mrz_td1, qr_payload
from samples.people import Person, add_months, date_short, random_person

__all__ = ["build_cccd", "build_giay_phep_lai_xe"]

CARD_W, CARD_H = 85.6, 54.0
_CCCD_AUTHORITY = "Cục Cảnh sát quản lý hành chính về trật tự xã hội"
_TINT = (200, 225, 205)


def _card(ctx: Context, tint: tuple[int, int, int] = _TINT) -> PageBuilder:
    b = PageBuilder(
        ctx.family,
        width=CARD_W,
        height=CARD_H,
        left=3,
        right=3,
        top=2.5,
        leading=1.18,
        paper=(246, 248, 244),
    )
    # Drawn, not left to the paper colour: an embedded card has no paper of its own.
    b.rule(0, 0, CARD_W, CARD_H, box=True, width=0.1, color=(246, 248, 244), fill=(240, 245, 238))
    b.graphic("guilloche", 0, 0, CARD_W, CARD_H, seed=ctx.sub_seed(), color=tint)
    b.rule(0.2, 0.2, CARD_W - 0.2, CARD_H - 0.2, box=True, width=0.3, color=(150, 150, 150))
    return b


def _expiry(birth: dt.date, issued: dt.date) -> dt.date:
    """The card lapses at 25, 40 or 60; one issued within two years of such an age runs on."""
    for age in (25, 40, 60):
        lapse = add_months(birth, 12 * age)
        if lapse > add_months(issued, 24):
            return lapse
    raise ValueError("holder too old for a card with an expiry date")


def _cccd_front(
    ctx: Context, p: Person, issued: dt.date, expiry: dt.date, new_style: bool
) -> PageLayout:
    b = _card(ctx)
    b.graphic("emblem", 3, 3, 11, 11)
    b.text(NATION, size=6.6, role="serif_bold", align="center", x0=14, x1=67)
    b.text(MOTTO, size=6.6, role="serif_bold", align="center", x0=14, x1=67)
    b.gap(0.8)
    if new_style:
        b.text(
            "CĂN CƯỚC", size=10.5, role="serif_bold", align="center", x0=14, x1=67, color=RED_SEAL
        )
        b.text("IDENTITY CARD", size=6.5, role="serif_bold", align="center", x0=14, x1=67)
    else:
        b.text(
            "CĂN CƯỚC CÔNG DÂN",
            size=10,
            role="serif_bold",
            align="center",
            x0=14,
            x1=67,
            color=RED_SEAL,
        )
        b.text("Citizen Identity Card", size=6.5, role="serif_bold", align="center", x0=14, x1=67)
    payload = qr_payload(
        id_number=p.id_number,
        old_id=p.old_id,
        full_name=p.full_name,
        birth=p.birth,
        gender=p.gender,
        address=p.residence.full(),
        issue=issued,
    )
    if not new_style:
        b.graphic("qr", 67.4, 1.6, 17.0, 17.0, text=payload)
    b.graphic("photo", 3, 20, 19, 25, seed=ctx.sub_seed())
    x = 24.0
    b.gap(0.6)
    if new_style:
        b.text("Số định danh cá nhân/Personal identification number:", size=5.6, x0=x)
        b.text(p.id_number, size=9.5, role="serif_bold", x0=x + 8, color=(170, 20, 20))
        b.text("Họ, chữ đệm và tên khai sinh/Full name:", size=5.6, x0=x)
        b.text(p.upper_name, size=7.8, role="serif_bold", x0=x)
        b.text(f"Ngày, tháng, năm sinh/Date of birth: {date_short(p.birth)}", size=6.2, x0=x)
        b.text(f"Giới tính/Sex: {p.gender}", size=6.2, x0=x)
        b.text("Quốc tịch/Nationality: Việt Nam", size=6.2, x0=x)
    else:
        b.text(f"Số / No.: {p.id_number}", size=8.5, role="serif_bold", x0=x)
        b.text("Họ và tên / Full name:", size=5.8, x0=x)
        b.text(p.upper_name, size=7.8, role="serif_bold", x0=x)
        b.text(f"Ngày sinh / Date of birth: {date_short(p.birth)}", size=6.0, x0=x)
        b.text(f"Giới tính / Sex: {p.gender}   Quốc tịch / Nationality: Việt Nam", size=6.0, x0=x)
        b.text("Quê quán / Place of origin:", size=5.8, x0=x)
        for row in b.wrap(p.origin.origin(), CARD_W - 3 - x, "serif_bold", 6.2):
            b.text(row, size=6.2, role="serif_bold", x0=x)
        b.text("Nơi thường trú / Place of residence:", size=5.8, x0=x)
        for row in b.wrap(p.residence.full(), CARD_W - 3 - x, "serif_bold", 6.2):
            b.text(row, size=6.2, role="serif_bold", x0=x)
        b.y = max(b.y, 46.5)
        b.text("Có giá trị đến:", size=5.4, x0=3)
        b.text(f"Date of expiry: {date_short(expiry)}", size=5.4, x0=3)
    return b.build()


def _cccd_back(
    ctx: Context, p: Person, issued: dt.date, expiry: dt.date, *, new_style: bool, signer: str
) -> PageLayout:
    b = _card(ctx)
    if new_style:
        payload = qr_payload(
            id_number=p.id_number,
            old_id=p.old_id,
            full_name=p.full_name,
            birth=p.birth,
            gender=p.gender,
            address=p.residence.full(),
            issue=issued,
        )
        b.graphic("qr", 2.5, 2.5, 17.0, 17.0, text=payload)
        x = 21.5
        b.text("Nơi cư trú/Place of residence:", size=5.6, x0=x)
        for row in b.wrap(p.residence.full(), CARD_W - 3 - x, "serif_bold", 6.2):
            b.text(row, size=6.2, role="serif_bold", x0=x)
        b.text("Nơi đăng ký khai sinh/Place of birth:", size=5.6, x0=x)
        for row in b.wrap(p.origin.origin(), CARD_W - 3 - x, "serif_bold", 6.2):
            b.text(row, size=6.2, role="serif_bold", x0=x)
        b.text(f"Ngày, tháng, năm cấp/Date of issue: {date_short(issued)}", size=5.8, x0=x)
        b.text(f"Ngày, tháng, năm hết hạn/Date of expiry: {date_short(expiry)}", size=5.8, x0=x)
        b.text("BỘ CÔNG AN", size=6.2, role="serif_bold", x0=x)
        b.graphic("seal", 55, 14, 14, 14, seed=ctx.sub_seed(), text="BỘ CÔNG AN", color=RED_SEAL)
    else:
        b.graphic("fingerprint", 50, 3, 15, 18, seed=ctx.sub_seed())
        b.graphic("fingerprint", 67, 3, 15, 18, seed=ctx.sub_seed())
        b.text("Đặc điểm nhân dạng / Personal identification:", size=5.4, x0=3, x1=48)
        mark = ctx.rng.choice(
            (
                "Nốt ruồi C:2cm dưới sau mép trái",
                "Sẹo chấm C:1cm trên đầu mày phải",
                "Nốt ruồi C:1,5cm trên trước cánh mũi phải",
            )
        )
        for row in b.wrap(mark, 44, "serif", 5.6):
            b.text(row, size=5.6, x0=3)
        b.text(f"Ngày, tháng, năm / Date, month, year: {date_short(issued)}", size=5.4, x0=3)
        b.text("CỤC TRƯỞNG CỤC CẢNH SÁT", size=5.6, role="serif_bold", align="center", x0=3, x1=48)
        b.text(
            "QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI",
            size=5.6,
            role="serif_bold",
            align="center",
            x0=3,
            x1=48,
        )
        b.graphic(
            "seal", 9, b.y - 1, 12, 12, seed=ctx.sub_seed(), text="BỘ CÔNG AN", color=RED_SEAL
        )
        b.graphic("signature", 18, b.y, 18, 7, seed=ctx.sub_seed(), color=BLUE_INK)
        b.y += 7.5
        b.text(signer, size=6.2, role="serif_bold", align="center", x0=3, x1=48)
    lines = mrz_td1(
        id_number=p.id_number,
        surname=p.surname,
        given_names=f"{p.middle} {p.given}",
        birth=p.birth,
        male=p.male,
        expiry=expiry,
    )
    b.y = 38.5
    for line in lines:
        b.text(line, size=9.4, role="mono", x0=4.5)
    return b.build()


def build_cccd(ctx: Context) -> Built:
    issued = ctx.date(dt.date(2021, 1, 1), dt.date(2025, 6, 30))
    p = ctx.person(born_after=dt.date(1968, 1, 1), born_before=issued - dt.timedelta(days=14 * 366))
    new_style = ctx.variant == 2
    if new_style:
        issued = ctx.date(dt.date(2024, 7, 1), dt.date(2025, 10, 1))
    expiry = _expiry(p.birth, issued)
    signer = random_person(ctx.rng, male=True).full_name
    payload = qr_payload(
        id_number=p.id_number,
        old_id=p.old_id,
        full_name=p.full_name,
        birth=p.birth,
        gender=p.gender,
        address=p.residence.full(),
        issue=issued,
    )
    mrz = mrz_td1(
        id_number=p.id_number,
        surname=p.surname,
        given_names=f"{p.middle} {p.given}",
        birth=p.birth,
        male=p.male,
        expiry=expiry,
    )
    front = _cccd_front(ctx, p, issued, expiry, new_style)
    back = _cccd_back(ctx, p, issued, expiry, new_style=new_style, signer=signer)
    pages = _place_card_pages(ctx, [front, back])
    fields = {
        "full_name": p.full_name,
        "id_number": p.id_number,
        "date_of_birth": p.birth.isoformat(),
        "gender": p.gender,
        "place_of_origin": p.origin.origin(),
        "residence": p.residence.full(),
        "issue_date": issued.isoformat(),
        "expiry_date": expiry.isoformat(),
        "issuing_authority": "Bộ Công an" if new_style else _CCCD_AUTHORITY,
    }
    return Built(fields, pages, {"qr": payload, "mrz": list(mrz)})


def _place_card_pages(ctx: Context, sides: list[PageLayout]) -> tuple[PageLayout, ...]:
    """As a desk scans cards: each side alone (variant 0), both on one A4 copy (1), or
    side by side on A4 (2)."""
    if ctx.variant == 0:
        pages = []
        for side in sides:
            b = PageBuilder(
                ctx.family, width=CARD_W + 12, height=CARD_H + 12, top=6, paper=(236, 236, 236)
            )
            b.embed(6, 6, side)
            pages.append(b.build())
        return tuple(pages)
    b = ctx.page()
    for i, side in enumerate(sides):
        if ctx.variant == 1:
            b.embed((210 - CARD_W) / 2, 30 + i * (CARD_H + 25), side)
        else:
            b.embed(15 + i * (CARD_W + 9), 40, side)
    return (b.build(),)


def build_giay_phep_lai_xe(ctx: Context) -> Built:
    p = ctx.person(born_after=dt.date(1960, 1, 1), born_before=dt.date(2005, 1, 1))
    issued = ctx.date(p.birth + dt.timedelta(days=18 * 366), dt.date(2025, 6, 30))
    issued = max(issued, dt.date(2014, 1, 1))
    cls = ctx.rng.choice(("A1", "B2", "B1", "C", "B"))
    expiry = add_months(issued, 120)
    number = f"{ctx.rng.randint(10, 96):02d}{ctx.rng.randint(0, 10**10 - 1):010d}"
    city = p.residence.province
    authority = f"Sở Giao thông vận tải {city}"
    b = _card(ctx, tint=(235, 210, 200))
    b.graphic("emblem", 3, 3, 10, 10)
    b.text("CỘNG HÒA XHCN VIỆT NAM", size=6.6, role="serif_bold", align="center", x0=13, x1=83)
    b.text(MOTTO, size=6.2, role="serif_bold", align="center", x0=13, x1=83)
    b.text(
        "GIẤY PHÉP LÁI XE / DRIVER'S LICENSE",
        size=8.2,
        role="serif_bold",
        align="center",
        x0=13,
        x1=83,
        color=RED_SEAL,
    )
    b.graphic("photo", 3, 17, 17, 22, seed=ctx.sub_seed())
    x = 22.5
    b.gap(0.8)
    b.text(f"Số/No: {number}", size=7.4, role="serif_bold", x0=x)
    b.text(f"Họ tên/Full name: {p.upper_name}", size=6.4, x0=x)
    b.text(f"Ngày sinh/Date of birth: {date_short(p.birth)}", size=6.2, x0=x)
    b.text("Quốc tịch/Nationality: VIỆT NAM", size=6.2, x0=x)
    b.text("Nơi cư trú/Address:", size=6.2, x0=x)
    for row in b.wrap(p.residence.full(), CARD_W - 3 - x, "serif", 6.0):
        b.text(row, size=6.0, x0=x)
    b.y = max(b.y, 40.0)
    b.text(
        long_place_date(city, issued), size=5.6, role="serif_italic", align="center", x0=36, x1=84
    )
    b.text(
        "GIÁM ĐỐC SỞ GIAO THÔNG VẬN TẢI", size=5.6, role="serif_bold", align="center", x0=36, x1=84
    )
    b.graphic("seal", 44, b.y - 3, 11, 11, seed=ctx.sub_seed(), text="SỞ GTVT", color=RED_SEAL)
    b.graphic("signature", 52, b.y - 1, 20, 6, seed=ctx.sub_seed(), color=BLUE_INK)
    b.text(f"Hạng/Class: {cls}", size=7, role="serif_bold", x0=3, x1=30)
    b.text(f"Có giá trị đến/Expires: {date_short(expiry)}", size=5.6, x0=3, x1=34)
    card = b.build()
    fields = {
        "full_name": p.full_name,
        "date_of_birth": p.birth.isoformat(),
        "residence": p.residence.full(),
        "document_number": number,
        "issue_date": issued.isoformat(),
        "expiry_date": expiry.isoformat(),
        "issuing_authority": authority,
    }
    return Built(fields, _place_card_pages(ctx, [card])[:1])


def long_place_date(city: str, day: dt.date) -> str:
    return f"{city}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
