"""Enterprise registration and land use right certificates."""

from __future__ import annotations

import datetime as dt

from samples.kinds.common import (
    MOTTO,
    NATION,
    Built,
    Context,
    header,
    long_date,
    signature_block,
    title,
)
from samples.layout import RED_SEAL
from samples.people import date_short, random_person
from samples.places import random_address

__all__ = ["build_dang_ky_doanh_nghiep", "build_quyen_su_dung_dat", "enterprise_code"]

_BRANDS = (
    "HOÀNG PHÁT",
    "AN KHANG",
    "MINH LONG",
    "SAO VIỆT",
    "THÀNH ĐẠT",
    "PHÚC AN",
    "ĐỨC TÍN",
    "NAM SƠN",
    "TÂN HƯNG",
    "VẠN XUÂN",
    "HẢI ĐĂNG",
    "BẢO NGỌC",
    "TRƯỜNG AN",
    "KIM CƯƠNG",
)
_TRADES = ("THƯƠNG MẠI VÀ DỊCH VỤ", "XÂY DỰNG", "CÔNG NGHỆ", "VẬN TẢI", "SẢN XUẤT", "ĐẦU TƯ")
_FORMS = (
    ("CÔNG TY TNHH", "CÔNG TY TRÁCH NHIỆM HỮU HẠN MỘT THÀNH VIÊN", "COMPANY LIMITED"),
    ("CÔNG TY TNHH", "CÔNG TY TRÁCH NHIỆM HỮU HẠN HAI THÀNH VIÊN TRỞ LÊN", "COMPANY LIMITED"),
    ("CÔNG TY CỔ PHẦN", "CÔNG TY CỔ PHẦN", "JOINT STOCK COMPANY"),
)
_ENGLISH = {
    "THƯƠNG MẠI VÀ DỊCH VỤ": "TRADING AND SERVICES",
    "XÂY DỰNG": "CONSTRUCTION",
    "CÔNG NGHỆ": "TECHNOLOGY",
    "VẬN TẢI": "TRANSPORT",
    "SẢN XUẤT": "MANUFACTURING",
    "ĐẦU TƯ": "INVESTMENT",
}
_CAPITAL = (
    ("1.000.000.000", "Một tỷ đồng"),
    ("2.500.000.000", "Hai tỷ năm trăm triệu đồng"),
    ("5.000.000.000", "Năm tỷ đồng"),
    ("500.000.000", "Năm trăm triệu đồng"),
    ("10.000.000.000", "Mười tỷ đồng"),
    ("3.000.000.000", "Ba tỷ đồng"),
)
#: Tax-office prefix of the enterprise code by province.
_TAX_PREFIX = {
    "Hà Nội": "01",
    "Hồ Chí Minh": "03",
    "Đà Nẵng": "04",
    "Hải Phòng": "02",
    "Cần Thơ": "18",
    "Nghệ An": "29",
    "Thanh Hóa": "28",
    "Bình Dương": "37",
    "Đồng Nai": "36",
    "Khánh Hòa": "42",
}
_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def enterprise_code(ctx: Context, province: str) -> str:
    """Ten digits: the tax office's prefix, a serial and the tax code's check digit."""
    while True:
        body = _TAX_PREFIX.get(province, "01") + f"{ctx.rng.randint(0, 9_999_999):07d}"
        check = 10 - sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11
        if check < 10:
            return body + str(check)


def build_dang_ky_doanh_nghiep(ctx: Context) -> Built:
    rep = ctx.person(born_after=dt.date(1960, 1, 1), born_before=dt.date(1998, 1, 1))
    province = ctx.rng.choice(sorted(_TAX_PREFIX))
    office = random_address(ctx.rng, province)
    code = enterprise_code(ctx, province)
    short, form, english_form = ctx.rng.choice(_FORMS)
    trade, brand = ctx.rng.choice(_TRADES), ctx.rng.choice(_BRANDS)
    name = f"{short} {trade} {brand}"
    first = ctx.date(dt.date(2010, 1, 1), dt.date(2024, 12, 31))
    changes = ctx.rng.randint(0, 4)
    changed = ctx.date(first + dt.timedelta(days=30), dt.date(2025, 9, 30)) if changes else first
    province_t = office.province_title()
    authority = f"Phòng Đăng ký kinh doanh - Sở Kế hoạch và Đầu tư {province_t}"
    b = ctx.page()
    header(ctx, b, ["SỞ KẾ HOẠCH VÀ ĐẦU TƯ", province_t.upper(), "PHÒNG ĐĂNG KÝ KINH DOANH"])
    title(ctx, b, "GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP")
    b.text(form, size=12.5, role="serif_bold", align="center")
    b.text(f"Mã số doanh nghiệp: {code}", size=13, role="serif_bold", align="center")
    b.text(f"Đăng ký lần đầu: {long_date(first)}", size=13, role="serif_italic", align="center")
    if changes:
        b.text(
            f"Đăng ký thay đổi lần thứ: {changes}, {long_date(changed)}",
            size=13,
            role="serif_italic",
            align="center",
        )
    b.gap(3)
    f = ctx.field_style()
    b.text("1. Tên công ty", role="serif_bold")
    b.field("Tên công ty viết bằng tiếng Việt:", name, f)
    b.field(
        "Tên công ty viết bằng tiếng nước ngoài:",
        f"{brand_ascii(brand)} {_ENGLISH[trade]} {english_form}",
        f,
    )
    b.field("Tên công ty viết tắt:", f"{brand_ascii(brand).replace(' ', '')} CO., LTD", f)
    b.text("2. Địa chỉ trụ sở chính", role="serif_bold")
    b.paragraph(office.full(), indent=0, justify=False)
    b.field(
        "Điện thoại:",
        f"0{ctx.rng.randint(200, 299)} {ctx.rng.randint(1000, 9999)} {ctx.rng.randint(100, 999)}",
        f,
    )
    money, words = ctx.rng.choice(_CAPITAL)
    b.field("3. Vốn điều lệ:", f"{money} đồng", f)
    b.field("Bằng chữ:", words, f)
    b.text("4. Người đại diện theo pháp luật của công ty", role="serif_bold")
    b.field("Họ và tên:", rep.upper_name, f)
    b.field("Giới tính:", rep.gender, f)
    b.field(
        "Chức danh:",
        ctx.rng.choice(("Giám đốc", "Tổng giám đốc", "Chủ tịch Hội đồng quản trị")),
        f,
    )
    b.field("Sinh ngày:", date_short(rep.birth), f)
    b.field("Dân tộc:", rep.ethnicity, f)
    b.field("Quốc tịch:", "Việt Nam", f)
    b.field("Số định danh cá nhân:", rep.id_number, f)
    b.field("Địa chỉ thường trú:", rep.residence.full(), f)
    b.gap(5)
    signature_block(
        ctx, b, ["TRƯỞNG PHÒNG"], random_person(ctx.rng).full_name, "PHÒNG ĐĂNG KÝ KINH DOANH"
    )
    fields = {
        "enterprise_code": code,
        "enterprise_name": name,
        "full_name": rep.full_name,
        "id_number": rep.id_number,
        "issue_date": first.isoformat(),
        "issuing_authority": authority,
    }
    return Built(fields, (b.build(),))


def brand_ascii(text: str) -> str:
    import unicodedata

    text = text.replace("Đ", "D")
    return unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode()


_PURPOSES = ("Đất ở tại đô thị", "Đất ở tại nông thôn", "Đất trồng cây lâu năm", "Đất trồng lúa")
_ORIGINS = (
    "Công nhận QSDĐ như giao đất có thu tiền sử dụng đất",
    "Nhận chuyển nhượng đất được công nhận QSDĐ như giao đất có thu tiền sử dụng đất",
    "Nhà nước giao đất không thu tiền sử dụng đất",
)


def build_quyen_su_dung_dat(ctx: Context) -> Built:
    owner = ctx.person(born_after=dt.date(1950, 1, 1), born_before=dt.date(1998, 1, 1))
    land = random_address(ctx.rng, owner.residence.province)
    issued = ctx.date(dt.date(2010, 1, 1), dt.date(2025, 6, 30))
    parcel, sheet = str(ctx.rng.randint(1, 1500)), str(ctx.rng.randint(1, 120))
    area = f"{ctx.rng.randint(40, 900)},{ctx.rng.randint(0, 9)}"
    serial = f"{ctx.rng.choice(('BD', 'CS', 'DA', 'CH', 'BY'))} {ctx.rng.randint(0, 999_999):06d}"
    entry = f"CS {ctx.rng.randint(1, 99_999):05d}"
    province_t = land.province_title()
    by_province = ctx.rng.random() < 0.5
    authority = (
        f"Sở Tài nguyên và Môi trường {province_t}"
        if by_province
        else f"Ủy ban nhân dân {land.district}"
    )
    b = ctx.page()
    b.text(NATION, size=13, role="serif_bold", align="center")
    b.text(MOTTO, size=14, role="serif_bold", align="center", underline=True)
    b.gap(3)
    title(
        ctx,
        b,
        "GIẤY CHỨNG NHẬN",
        "QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT",
    )
    b.text(serial, size=14, role="serif_bold", align="center", color=RED_SEAL)
    b.gap(3)
    f = ctx.field_style()
    b.text(
        "I. Người sử dụng đất, chủ sở hữu nhà ở và tài sản khác gắn liền với đất", role="serif_bold"
    )
    b.field("Ông:" if owner.male else "Bà:", f"{owner.upper_name}, Năm sinh: {owner.birth.year}", f)
    b.field("Số định danh cá nhân:", owner.id_number, f)
    b.field("Địa chỉ thường trú:", owner.residence.full(), f)
    b.gap(2)
    b.text("II. Thửa đất, nhà ở và tài sản khác gắn liền với đất", role="serif_bold")
    b.field("a) Thửa đất số:", f"{parcel}, tờ bản đồ số: {sheet}", f)
    b.field("b) Địa chỉ:", land.full(), f)
    b.field("c) Diện tích:", f"{area} m²", f)
    b.field("d) Hình thức sử dụng:", "Sử dụng riêng", f)
    b.field("đ) Mục đích sử dụng:", ctx.rng.choice(_PURPOSES), f)
    b.field("e) Thời hạn sử dụng:", "Lâu dài", f)
    b.field("g) Nguồn gốc sử dụng:", ctx.rng.choice(_ORIGINS), f)
    b.gap(5)
    place = land.province if by_province else land.district.split(" ", 1)[-1]
    roles = (
        ["SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "GIÁM ĐỐC"]
        if by_province
        else ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    )
    seal = "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG" if by_province else f"UBND {land.district}"
    signature_block(
        ctx, b, roles, random_person(ctx.rng).full_name, seal, place_date=long_date(issued, place)
    )
    b.gap(3)
    b.text(f"Số vào sổ cấp GCN: {entry}", size=12, x0=b.left)
    fields = {
        "full_name": owner.full_name,
        "id_number": owner.id_number,
        "parcel_number": parcel,
        "map_sheet_number": sheet,
        "document_number": entry,
        "issue_date": issued.isoformat(),
        "issuing_authority": authority,
    }
    return Built(fields, (b.build(),))
