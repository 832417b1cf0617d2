"""Administrative texts: decisions and plain official prose."""

from __future__ import annotations

import datetime as dt

from samples.kinds.common import MOTTO, NATION, Built, Context, long_date, signature_block, title
from samples.layout import LineSpec, PageBuilder, PageLayout
from samples.people import random_person
from samples.places import PROVINCE_CODES
from samples.prose import seed_paragraphs

__all__ = ["build_quyet_dinh", "build_van_ban"]

_PAGE_BOTTOM = 272.0


def _official_header(
    ctx: Context, b: PageBuilder, body: list[str], number: str, place_date: str
) -> None:
    """Issuing body and number on the left; motto and the italic place and date on the right."""
    split = b.left + (b.x1 - b.left) * (0.40 if ctx.variant != 2 else 0.44)
    left = [LineSpec(t, "serif", 12.5) for t in body[:-1]]
    left += [LineSpec(body[-1], "serif_bold", 12.5, underline=True), LineSpec(number, "serif", 13)]
    right = [
        LineSpec(NATION, "serif_bold", 12.0),
        LineSpec(MOTTO, "serif_bold", 13, underline=True),
        LineSpec(place_date, "serif_italic", 13),
    ]
    b.columns((b.left - 8, split, left), (split - 2, b.x1 + 5, right))
    b.gap(3)


def _province_body(ctx: Context) -> tuple[str, str]:
    province = ctx.rng.choice(sorted(p for p in PROVINCE_CODES if len(p) < 12))
    prefix = (
        "THÀNH PHỐ"
        if province in {"Hà Nội", "Hồ Chí Minh", "Đà Nẵng", "Hải Phòng", "Cần Thơ"}
        else "TỈNH"
    )
    return province, prefix


_DECISIONS = (
    (
        "Về việc khen thưởng cá nhân có thành tích xuất sắc trong công tác cải cách hành chính",
        "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân {unit} cho {title} {name}, công chức Bộ phận "
        "Một cửa, đã có thành tích xuất sắc trong công tác cải cách thủ tục hành chính năm {year}.",
    ),
    (
        "Về việc bổ nhiệm công chức lãnh đạo",
        "Bổ nhiệm {title} {name} giữ chức vụ Phó Giám đốc Trung tâm Phục vụ hành chính công "
        "{unit}, thời hạn giữ chức vụ là 05 năm kể từ ngày Quyết định này có hiệu lực.",
    ),
    (
        "Về việc công bố danh mục thủ tục hành chính được tiếp nhận tại Bộ phận Một cửa",
        "Công bố kèm theo Quyết định này danh mục thủ tục hành chính được tiếp nhận và trả kết quả "
        "tại Bộ phận Một cửa các cấp trên địa bàn {unit}; giao {title} {name} làm đầu mối "
        "theo dõi.",
    ),
)


#: The one-stop decree in force: Decree 61/2018 until 30/06/2025, then Decree 118/2025.
_ONE_STOP_BASIS = {
    False: "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về thực hiện "
    "cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính;",
    True: "Căn cứ Nghị định số 118/2025/NĐ-CP ngày 09 tháng 6 năm 2025 của Chính phủ về thực hiện "
    "thủ tục hành chính theo cơ chế một cửa, một cửa liên thông;",
}


def build_quyet_dinh(ctx: Context) -> Built:
    province, prefix = _province_body(ctx)
    unit = f"{prefix.lower().capitalize()} {province}"
    unit_lower = f"{prefix.lower()} {province}"
    issued = ctx.date(dt.date(2019, 1, 1), dt.date(2025, 10, 31))
    number = f"{ctx.rng.randint(1, 4999)}/QĐ-UBND"
    person = random_person(ctx.rng, born_after=dt.date(1965, 1, 1), born_before=dt.date(1995, 1, 1))
    subject, article = ctx.rng.choice(_DECISIONS)
    b = ctx.page()
    _official_header(
        ctx,
        b,
        ["ỦY BAN NHÂN DÂN", f"{prefix} {province.upper()}"],
        f"Số: {number}",
        long_date(issued, province),
    )
    title(ctx, b, "QUYẾT ĐỊNH")
    for row in b.wrap(subject, b.x1 - b.left - 20, "serif_bold", 14):
        b.text(row, size=14, role="serif_bold", align="center")
    b.gap(4)
    b.text(
        f"CHỦ TỊCH ỦY BAN NHÂN DÂN {prefix} {province.upper()}",
        size=13.5,
        role="serif_bold",
        align="center",
    )
    b.gap(3)
    for basis in (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        _ONE_STOP_BASIS[issued >= dt.date(2025, 7, 1)],
        f"Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số {ctx.rng.randint(10, 999)}/TTr-SNV.",
    ):
        b.paragraph(basis, role="serif_italic")
    b.gap(2)
    b.text("QUYẾT ĐỊNH:", size=14, role="serif_bold", align="center")
    b.gap(2)
    honorific = "ông" if person.male else "bà"
    b.paragraph(
        "Điều 1. "
        + article.format(unit=unit, title=honorific, name=person.full_name, year=issued.year - 1)
    )
    b.paragraph("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.")
    b.paragraph(
        f"Điều 3. Chánh Văn phòng Ủy ban nhân dân {unit_lower}, Giám đốc Sở Nội vụ, "
        f"Thủ trưởng các cơ quan, đơn vị có liên quan và {honorific} {person.full_name} "
        "chịu trách nhiệm thi hành Quyết định này./."
    )
    b.gap(6)
    top = b.y
    b.block(b.left - 5, b.left + 60, [LineSpec("Nơi nhận:", "serif_bold_italic", 12)], y=top)
    b.y = top + 5.5
    for line in ("- Như Điều 3;", "- Chủ tịch, các PCT UBND;", "- Lưu: VT, NC."):
        b.text(line, size=11, x0=b.left - 5)
    b.y = top
    signature_block(
        ctx,
        b,
        ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        random_person(ctx.rng).full_name,
        f"UBND {prefix} {province}",
    )
    fields = {
        "document_number": number,
        "issue_date": issued.isoformat(),
        "issuing_authority": f"Ủy ban nhân dân {unit_lower}",
        "full_name": person.full_name,
    }
    return Built(fields, (b.build(),))


_PROSE_TITLES = (("KẾ HOẠCH", "KH"), ("BÁO CÁO", "BC"), ("THÔNG BÁO", "TB"))


def build_van_ban(ctx: Context) -> Built:
    sources = seed_paragraphs()
    paragraphs = sources[ctx.rng.randrange(len(sources))]
    start = ctx.rng.randrange(max(1, len(paragraphs) - 4))
    want = ctx.rng.choice((4, 6, 9))
    chosen = [paragraphs[(start + i) % len(paragraphs)] for i in range(want)]
    province, prefix = _province_body(ctx)
    issued = ctx.date(dt.date(2019, 1, 1), dt.date(2025, 10, 31))
    heading, code = ctx.rng.choice(_PROSE_TITLES)
    number = f"{ctx.rng.randint(1, 999)}/{code}-UBND"
    b = ctx.page()
    _official_header(
        ctx,
        b,
        ["ỦY BAN NHÂN DÂN", f"{prefix} {province.upper()}"],
        f"Số: {number}",
        long_date(issued, province),
    )
    title(ctx, b, heading)
    b.text(
        "Về việc nâng cao chất lượng giải quyết thủ tục hành chính",
        size=13.5,
        role="serif_bold",
        align="center",
    )
    b.gap(4)
    pages: list[PageLayout] = []
    for text in chosen:
        height = len(b.wrap(text, b.x1 - b.left - 10)) * b.line_height(13)
        if b.y + height > _PAGE_BOTTOM:
            pages.append(b.build())
            b = ctx.page()
            b.text(str(len(pages) + 1), size=13, align="center")
            b.gap(3)
        b.paragraph(text)
    if b.y + 50 > _PAGE_BOTTOM:
        pages.append(b.build())
        b = ctx.page()
        b.text(str(len(pages) + 1), size=13, align="center")
    b.gap(6)
    signature_block(
        ctx,
        b,
        ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        random_person(ctx.rng).full_name,
        f"UBND {prefix} {province}",
    )
    pages.append(b.build())
    fields = {
        "document_number": number,
        "issue_date": issued.isoformat(),
        "issuing_authority": f"Ủy ban nhân dân {prefix.lower()} {province}",
    }
    return Built(fields, tuple(pages))
