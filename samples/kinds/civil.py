"""Civil status papers: birth certificate, marriage certificate, marital status confirmation."""

from __future__ import annotations

import dataclasses
import datetime as dt

from samples.kinds.common import Built, Context, header, long_date, signature_block, title
from samples.people import Person, add_months, date_short, random_person
from samples.places import Address, random_address

__all__ = ["build_ket_hon", "build_khai_sinh", "build_xac_nhan_hon_nhan"]


_ID_ON_CERTIFICATES = dt.date(2016, 1, 1)


def _short_place(address: Address) -> str:
    """``Cầu Giấy`` from ``Quận Cầu Giấy``: the place written before the date."""
    for prefix in ("Thành phố ", "Quận ", "Huyện ", "Thị xã "):
        if address.district.startswith(prefix):
            return address.district[len(prefix) :]
    return address.district


def _ward_body(address: Address) -> tuple[list[str], str]:
    """Header lines and the authority's name for a commune-level People's Committee."""
    return (["ỦY BAN NHÂN DÂN", address.ward.upper()], f"Ủy ban nhân dân {address.ward}")


def _register_number(ctx: Context, year: int) -> str:
    return f"{ctx.rng.randint(1, 480)}/{year}"


def build_khai_sinh(ctx: Context) -> Built:
    # Most certificates handed in are recent (children's procedures); some are decades old.
    recent = ctx.rng.random() < 0.6
    born_after = dt.date(2016, 1, 1) if recent else dt.date(1985, 1, 1)
    born_before = dt.date(2024, 6, 1) if recent else dt.date(2015, 11, 30)
    child = random_person(ctx.rng, born_after=born_after, born_before=born_before)
    # In a dossier the applicant may be the child's father or mother.
    applicant = ctx.subject
    oldest = add_months(child.birth, -12 * 45)
    if applicant and applicant.male and oldest <= applicant.birth <= add_months(child.birth, -240):
        father = applicant
        child = dataclasses.replace(child, surname=applicant.surname)
    else:
        father = random_person(
            ctx.rng,
            male=True,
            surname=child.surname,
            born_after=oldest,
            born_before=add_months(child.birth, -12 * 20),
        )
    if (
        applicant
        and not applicant.male
        and oldest <= applicant.birth <= add_months(child.birth, -216)
    ):
        mother = applicant
    else:
        mother = random_person(
            ctx.rng,
            male=False,
            born_after=add_months(father.birth, -12 * 8),
            born_before=add_months(child.birth, -12 * 18),
        )
    office = random_address(ctx.rng, child.birth_province)
    body, authority = _ward_body(office)
    registered = ctx.date(child.birth + dt.timedelta(days=3), child.birth + dt.timedelta(days=60))
    number = _register_number(ctx, registered.year)
    b = ctx.page()
    header(ctx, b, body)
    b.text(f"Số: {number}", size=13, x0=b.left)
    b.text(f"Quyển số: {ctx.rng.randint(1, 9):02d}/{registered.year}", size=13, x0=b.left)
    title(ctx, b, "GIẤY KHAI SINH", "(Bản chính)" if ctx.variant != 1 else "")
    labels = (
        ("Họ, chữ đệm, tên:", "Ngày, tháng, năm sinh:", "Giới tính:", "Nơi sinh:"),
        ("Họ và tên:", "Sinh ngày:", "Giới tính:", "Nơi sinh:"),
        ("Họ, chữ đệm và tên:", "Ngày sinh:", "Giới tính:", "Nơi sinh:"),
    )[ctx.variant]
    f = ctx.field_style()
    b.field(labels[0], child.upper_name, f)
    b.field(labels[1], date_short(child.birth), f)
    b.field(labels[2], child.gender, f)
    b.field("Dân tộc:", child.ethnicity, f)
    b.field("Quốc tịch:", "Việt Nam", f)
    b.field(labels[3], f"Trạm Y tế {office.ward}, {office.district}, {office.province_title()}", f)
    b.field("Quê quán:", child.origin.origin(), f)
    # Birth certificates carry the personal ID number since the 2016 civil status reform.
    has_id = registered >= _ID_ON_CERTIFICATES
    if has_id:
        b.field("Số định danh cá nhân:", child.id_number, f)
    b.gap(2)
    for role, parent in (("mẹ", mother), ("cha", father)):
        b.field(f"Họ, chữ đệm, tên người {role}:", parent.upper_name, f)
        b.field("Năm sinh:", str(parent.birth.year), f)
        b.field("Dân tộc:", parent.ethnicity, f)
        b.field("Nơi cư trú:", parent.residence.full(), f)
    b.gap(2)
    b.field(
        "Nơi đăng ký khai sinh:", authority + f", {office.district}, {office.province_title()}", f
    )
    b.field("Ngày, tháng, năm đăng ký:", date_short(registered), f)
    b.gap(6)
    signature_block(
        ctx,
        b,
        ["NGƯỜI KÝ GIẤY KHAI SINH"],
        random_person(ctx.rng).full_name,
        f"UBND {office.ward}",
        place_date=long_date(registered, _short_place(office)),
    )
    fields = {
        "full_name": child.full_name,
        "date_of_birth": child.birth.isoformat(),
        "gender": child.gender,
        "place_of_origin": child.origin.origin(),
        "father_name": father.full_name,
        "mother_name": mother.full_name,
        "document_number": number,
        "issue_date": registered.isoformat(),
        "issuing_authority": authority,
    }
    if has_id:
        fields["id_number"] = child.id_number
    return Built(fields, (b.build(),))


def _couple(ctx: Context) -> tuple[Person, Person]:
    """Husband and wife; in a dossier the applicant is one of them."""
    applicant = ctx.subject
    if applicant and not applicant.male and applicant.birth <= dt.date(2004, 1, 1):
        husband = random_person(
            ctx.rng,
            male=True,
            born_after=add_months(applicant.birth, -96),
            born_before=min(add_months(applicant.birth, 60), dt.date(2002, 1, 1)),
        )
        return husband, applicant
    if (
        applicant
        and applicant.male
        and dt.date(1960, 1, 1) <= applicant.birth <= dt.date(2002, 1, 1)
    ):
        husband = applicant
    else:
        husband = random_person(
            ctx.rng, male=True, born_after=dt.date(1960, 1, 1), born_before=dt.date(2002, 1, 1)
        )
    wife = random_person(
        ctx.rng,
        male=False,
        born_after=husband.birth - dt.timedelta(days=5 * 365),
        born_before=min(husband.birth + dt.timedelta(days=8 * 365), dt.date(2004, 1, 1)),
    )
    return husband, wife


def build_ket_hon(ctx: Context) -> Built:
    husband, wife = _couple(ctx)
    office = random_address(ctx.rng, husband.residence.province)
    body, authority = _ward_body(office)
    youngest = max(husband.birth, wife.birth)
    registered = ctx.date(youngest + dt.timedelta(days=20 * 366), dt.date(2025, 6, 30))
    number = _register_number(ctx, registered.year)
    b = ctx.page()
    header(ctx, b, body)
    b.text(f"Số: {number}", size=13, x0=b.left)
    title(ctx, b, "GIẤY CHỨNG NHẬN KẾT HÔN")
    f = ctx.field_style()
    for role, p in (("chồng", husband), ("vợ", wife)):
        b.text(f"Thông tin người {role}", size=13, role="serif_bold")
        b.field("Họ, chữ đệm, tên:", p.upper_name, f)
        b.field("Ngày, tháng, năm sinh:", date_short(p.birth), f)
        b.field("Dân tộc:", p.ethnicity, f)
        b.field("Quốc tịch:", "Việt Nam", f)
        b.field("Nơi cư trú:", p.residence.full(), f)
        b.field("Số định danh cá nhân:", p.id_number, f)
        b.gap(2)
    b.field("Nơi đăng ký kết hôn:", f"{authority}, {office.district}, {office.province_title()}", f)
    b.field("Ngày, tháng, năm đăng ký:", long_date(registered), f)
    b.gap(6)
    y = b.y
    b.text("Chồng", role="serif_bold", align="center", x0=b.left - 10, x1=b.left + 30)
    b.graphic("signature", b.left - 5, b.y, 30, 12, seed=ctx.sub_seed(), color=(28, 52, 165))
    b.y += 14
    b.text(husband.full_name, align="center", x0=b.left - 10, x1=b.left + 30)
    b.y = y
    b.text("Vợ", role="serif_bold", align="center", x0=b.left + 30, x1=b.left + 70)
    b.graphic("signature", b.left + 35, b.y, 30, 12, seed=ctx.sub_seed(), color=(28, 52, 165))
    b.y += 14
    b.text(wife.full_name, align="center", x0=b.left + 30, x1=b.left + 70)
    b.y = y
    signature_block(
        ctx,
        b,
        ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        random_person(ctx.rng).full_name,
        f"UBND {office.ward}",
        x0=b.left + 75,
        place_date=long_date(registered, _short_place(office)),
    )
    fields = {
        "husband_name": husband.full_name,
        "wife_name": wife.full_name,
        "document_number": number,
        "issue_date": registered.isoformat(),
        "issuing_authority": authority,
    }
    return Built(fields, (b.build(),))


def build_xac_nhan_hon_nhan(ctx: Context) -> Built:
    person = ctx.person(born_after=dt.date(1960, 1, 1), born_before=dt.date(2004, 1, 1))
    office = random_address(ctx.rng, person.residence.province)
    body, authority = _ward_body(office)
    issued = ctx.date(dt.date(2019, 1, 1), dt.date(2025, 10, 1))
    number = f"{ctx.rng.randint(1, 900)}/XNTTHN"
    b = ctx.page()
    header(ctx, b, body)
    b.text(f"Số: {number}", size=13, x0=b.left)
    title(ctx, b, "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN")
    b.text(f"ỦY BAN NHÂN DÂN {office.ward.upper()}", size=13, role="serif_bold", align="center")
    b.gap(2)
    b.paragraph(
        f"Xét đề nghị của ông/bà {person.full_name} về việc xác nhận tình trạng hôn nhân,",
        indent=10,
    )
    b.text("XÁC NHẬN:", size=13, role="serif_bold", align="center")
    f = ctx.field_style()
    b.field("Họ, chữ đệm, tên:", person.upper_name, f)
    b.field("Ngày, tháng, năm sinh:", date_short(person.birth), f)
    b.field("Giới tính:", person.gender, f)
    b.field("Dân tộc:", person.ethnicity, f)
    b.field("Quốc tịch:", "Việt Nam", f)
    b.field("Số định danh cá nhân:", person.id_number, f)
    b.field("Nơi cư trú:", person.residence.full(), f)
    status = ctx.rng.choice(
        ("Chưa đăng ký kết hôn với ai.", "Đã ly hôn, hiện chưa đăng ký kết hôn với ai.")
    )
    b.field("Tình trạng hôn nhân:", status, f)
    b.field("Giấy này được cấp để:", "Làm thủ tục đăng ký kết hôn.", f)
    b.paragraph("Giấy này có giá trị 06 tháng kể từ ngày cấp.", role="serif_italic", indent=10)
    b.gap(6)
    signature_block(
        ctx,
        b,
        ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        random_person(ctx.rng).full_name,
        f"UBND {office.ward}",
        place_date=long_date(issued, _short_place(office)),
    )
    expiry = add_months(issued, 6)
    fields = {
        "full_name": person.full_name,
        "date_of_birth": person.birth.isoformat(),
        "gender": person.gender,
        "id_number": person.id_number,
        "residence": person.residence.full(),
        "document_number": number,
        "issue_date": issued.isoformat(),
        "expiry_date": expiry.isoformat(),
        "issuing_authority": authority,
    }
    return Built(fields, (b.build(),))
