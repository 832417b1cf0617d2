"""Gap-free numbers: the daily dossier sequence and the yearly certification register.

One row per (name, period) is incremented with ``INSERT … ON CONFLICT DO UPDATE …
RETURNING`` inside the caller's transaction: the row lock (PostgreSQL) or the write lock
(SQLite, BEGIN IMMEDIATE) holds until commit, so two transactions never get the same
number, and a rolled-back transaction gives its number back: no gaps.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.catalog.models import CertificationEntry, Counter, Dossier
from storage.errors import ConflictError

__all__ = ["DOSSIER_CODE", "certify", "next_number", "open_dossier"]

#: ``<agency code>-YYMMDD-XXXX`` (Decree 61/2018 art. 26; Circular 01/2018/TT-VPCP art. 19).
DOSSIER_CODE = re.compile(r"^(?P<agency>[A-Z0-9.]+)-(?P<date>\d{6})-(?P<seq>\d{4,})$")
_AGENCY = re.compile(r"^[A-Z0-9][A-Z0-9.]{0,38}$")
#: Reception days and register years are counted in Vietnam's time, not UTC.
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _local(at: datetime) -> datetime:
    return at.astimezone(LOCAL_TZ) if at.tzinfo is not None else at


def next_number(session: Session, name: str, period: str) -> int:
    """The next value of counter ``name`` in ``period`` (1 for the first), in this transaction."""
    dialect = session.get_bind().dialect.name
    ins = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(Counter)
    stmt = (
        ins.values(name=name, period=period, value=1)
        .on_conflict_do_update(
            index_elements=[Counter.name, Counter.period],
            set_={"value": Counter.value + 1},
        )
        .returning(Counter.value)
    )
    return int(session.execute(stmt).scalar_one())


def _check_agency(agency_code: str) -> str:
    if not _AGENCY.match(agency_code):
        raise ConflictError(
            f"agency code {agency_code!r} is not in the V1V2V3.Z1Z2.Y1Y2.MX1X2 form "
            "(upper-case letters, digits and dots)"
        )
    return agency_code


def open_dossier(
    session: Session,
    *,
    agency_code: str,
    procedure_code: str,
    received_at: datetime,
    subject_id: int | None = None,
    channel: str = "counter",
    due_at: datetime | None = None,
) -> Dossier:
    """A new dossier with the next code of its agency and day (``…-YYMMDD-0001`` first)."""
    _check_agency(agency_code)
    day: date = _local(received_at).date()
    seq = next_number(session, f"dossier:{agency_code}", day.isoformat())
    dossier = Dossier(
        code=f"{agency_code}-{day:%y%m%d}-{seq:04d}",
        agency_code=agency_code,
        received_on=day,
        sequence=seq,
        procedure_code=procedure_code,
        subject_id=subject_id,
        channel=channel,
        status="received",
        received_at=received_at,
        due_at=due_at,
    )
    session.add(dossier)
    session.flush()
    return dossier


def certify(
    session: Session,
    *,
    agency_code: str,
    original_ref: str,
    certified_by: str,
    at: datetime,
    copies: int = 1,
    book: str = "01",
    document_id: int | None = None,
) -> CertificationEntry:
    """Register one original in the sổ chứng thực: one number for all its copies."""
    _check_agency(agency_code)
    if copies < 1:
        raise ConflictError("a certification covers at least one copy")
    year = _local(at).year
    number = next_number(session, f"cert:{agency_code}", str(year))
    entry = CertificationEntry(
        agency_code=agency_code,
        year=year,
        number=number,
        book=book,
        original_ref=original_ref,
        copies=copies,
        certified_by=certified_by,
        certified_at=at,
        document_id=document_id,
    )
    session.add(entry)
    session.flush()
    return entry


def register_numbers(session: Session, agency_code: str, year: int) -> list[int]:
    """Every number handed out in a year, in order (for the printed register and checks)."""
    return list(
        session.scalars(
            select(CertificationEntry.number)
            .where(CertificationEntry.agency_code == agency_code, CertificationEntry.year == year)
            .order_by(CertificationEntry.number)
        )
    )
