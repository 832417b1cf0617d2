"""Pages of no catalogued type, for negative tests: English prose, a receipt, a blank form."""

from __future__ import annotations

import datetime as dt

from samples.kinds.common import Built, Context, title
from samples.layout import PageBuilder

__all__ = ["build_blank_form", "build_english_text", "build_receipt"]

_ENGLISH = (
    "The committee met on Tuesday to review the quarterly figures and agreed that the "
    "warehouse upgrade should proceed before the rainy season begins.",
    "Visitors are reminded that the museum closes at five o'clock and that photography is "
    "not permitted in the east gallery without written permission.",
    "Our new opening hours apply from the first of next month; the reading room will stay "
    "open until nine in the evening on weekdays.",
    "Please keep this manual near the machine. Before cleaning the filter, switch off the "
    "power supply and wait until the fan has stopped completely.",
    "The survey found that most households prefer to pay bills online, although a third "
    "still visit a branch at least once a month.",
    "Training sessions will be held in the main hall. Each participant should bring a "
    "laptop, a charger and a copy of the course handbook.",
    "Shipping times may vary during the holiday period. Orders placed after noon on Friday "
    "will be dispatched on the following Monday.",
    "The bridge will be closed to heavy vehicles for three weeks while engineers replace "
    "the expansion joints and repaint the railings.",
)
_HEADINGS = (
    "Notice to Members",
    "Quarterly Update",
    "Operating Instructions",
    "Customer Information",
)


def build_english_text(ctx: Context) -> Built:
    b = ctx.page()
    b.gap(5)
    b.text(ctx.rng.choice(_HEADINGS), size=16, role="serif_bold", align="center")
    b.gap(5)
    for _ in range(ctx.rng.randint(4, 7)):
        b.paragraph(ctx.rng.choice(_ENGLISH), size=12.5)
        b.gap(2)
    b.gap(6)
    b.text(f"Updated {dt.date(2024, 1, 1) + dt.timedelta(days=ctx.rng.randint(0, 600)):%d %B %Y}",
           size=12, role="serif_italic", align="right")  # fmt: skip
    return Built({}, (b.build(),))


_ITEMS = (
    ("Cà phê sữa đá", 25_000), ("Trà đào cam sả", 35_000), ("Bánh mì thịt", 20_000),
    ("Nước suối", 10_000), ("Phở bò tái", 55_000), ("Sữa tươi", 12_000),
    ("Bút bi Thiên Long", 5_000), ("Vở kẻ ngang 200 trang", 18_000), ("Mì gói", 4_000),
)  # fmt: skip
_SHOPS = (
    "CỬA HÀNG TIỆN LỢI MINH ANH",
    "QUÁN CÀ PHÊ GÓC PHỐ",
    "NHÀ SÁCH HẠNH PHÚC",
    "TẠP HÓA BÀ TƯ",
)


def _money(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def build_receipt(ctx: Context) -> Built:
    items = ctx.rng.sample(_ITEMS, ctx.rng.randint(3, 7))
    height = 95 + 6 * len(items)
    b = PageBuilder(ctx.family, width=80, height=height, left=5, right=5, top=6, leading=1.25,
                    paper=(250, 250, 246))  # fmt: skip
    b.text(ctx.rng.choice(_SHOPS), size=9.5, role="sans_bold", align="center")
    b.text(
        f"ĐC: {ctx.rng.randint(1, 300)} Nguyễn Trãi, Quận 5", size=8, role="sans", align="center"
    )
    b.text(f"ĐT: 0{ctx.rng.randint(900_000_000, 999_999_999)}", size=8, role="sans", align="center")
    b.gap(2)
    b.text("HÓA ĐƠN BÁN LẺ", size=11, role="sans_bold", align="center")
    when = dt.datetime(2025, 1, 1, 7) + dt.timedelta(minutes=ctx.rng.randint(0, 400_000))
    b.text(f"Ngày: {when:%d/%m/%Y %H:%M}", size=8, role="sans")
    b.rule(5, b.y, 75, b.y, width=0.2)
    b.gap(1)
    total = 0
    for name, price in items:
        qty = ctx.rng.randint(1, 3)
        total += qty * price
        cells = [(name, 5.0, "la"), (f"{qty} x {_money(price)}", 52.0, "ra")]
        b.row([*cells, (_money(qty * price), 75.0, "ra")],
              size=8, role="sans")  # fmt: skip
    b.rule(5, b.y, 75, b.y, width=0.2)
    b.gap(1)
    b.row([("TỔNG CỘNG", 5, "la"), (_money(total), 75, "ra")], size=10, role="sans_bold")
    b.row(
        [("Tiền mặt", 5, "la"), (_money(-(-total // 50_000) * 50_000), 75, "ra")],
        size=8,
        role="sans",
    )
    b.gap(3)
    b.text("Cảm ơn quý khách. Hẹn gặp lại!", size=8.5, role="sans", align="center")
    return Built({}, (b.build(),))


_BLANK_FORMS = (
    ("PHIẾU KHẢO SÁT Ý KIẾN KHÁCH HÀNG",
     ("Họ và tên khách hàng:", "Số điện thoại:", "Sản phẩm đã sử dụng:", "Mức độ hài lòng:",
      "Góp ý của quý khách:", "", "Ngày khảo sát:")),
    ("PHIẾU ĐĂNG KÝ THAM GIA CÂU LẠC BỘ",
     ("Họ và tên:", "Lớp:", "Câu lạc bộ đăng ký:", "Sở thích:", "Thời gian có thể tham gia:",
      "Chữ ký phụ huynh:")),
    ("PHIẾU YÊU CẦU SỬA CHỮA THIẾT BỊ",
     ("Tên thiết bị:", "Phòng ban:", "Mô tả hư hỏng:", "", "Người yêu cầu:", "Ngày yêu cầu:")),
)  # fmt: skip


def build_blank_form(ctx: Context) -> Built:
    heading, labels = ctx.rng.choice(_BLANK_FORMS)
    b = ctx.page()
    b.gap(8)
    title(ctx, b, heading)
    b.gap(4)
    for label in labels:
        if label:
            b.blank_field(label)
        else:
            b.rule(b.left, b.y + 4.5, b.x1, b.y + 4.5, width=0.15)
            b.y += b.line_height(13)
        b.gap(3)
    return Built({}, (b.build(),))
