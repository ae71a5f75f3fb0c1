"""Load the Senedd's parties and members from the open data files (see SOURCES.md there).

The members file is a snapshot of the Sixth Senedd on 17 February 2025. What happened after
that day (a by-election, a change of party or office) is not in it, so the importer says so and
clerks correct the record in the admin. A second run changes nothing: rows are matched by
Senedd id, party slug and term number and updated in place, and seats and roles whose dates a
clerk has corrected keep those dates.
"""

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from tqdm import tqdm

from deiseb.geography.importers import DataError, ImportReport, read_csv
from deiseb.geography.models import Constituency, Region
from deiseb.parliament.models import Member, Party, Role, Seat, Term

PARTIES_FILE = Path("senedd/parties.csv")
MEMBERS_FILE = Path("senedd/senedd_members_sixth_snapshot_2025-02-17.csv")
SNAPSHOT_DATE = datetime.date(2025, 2, 17)
SNAPSHOT_TERM = 6


@dataclass(frozen=True)
class TermFact:
    number: int
    name_en: str
    name_cy: str
    start_date: datetime.date
    end_date: datetime.date | None
    members: int


TERMS = [
    TermFact(6, "Sixth Senedd", "Chweched Senedd", datetime.date(2021, 5, 13),
             datetime.date(2026, 5, 6), 60),
    TermFact(7, "Seventh Senedd", "Seithfed Senedd", datetime.date(2026, 5, 7), None, 96),
]  # fmt: skip

# The members file uses the Senedd website's wording of each party; parties.csv has slugs.
PARTY_WORDING = {
    "Welsh Labour": "welsh-labour",
    "Welsh Labour and Co-operative Party": "welsh-labour-coop",
    "Welsh Conservative": "welsh-conservative",
    "Welsh Conservative Party": "welsh-conservative",
    "Welsh Conservatives": "welsh-conservative",
    "Plaid Cymru": "plaid-cymru",
    "Welsh Liberal Democrats": "welsh-liberal-democrats",
    "Welsh Green Party": "welsh-green",
    "Reform UK": "reform-uk",
    "Reform UK Wales": "reform-uk",
    "Independent": "independent",
    "Independent Member": "independent",
}

HONORIFICS = ("Rt. Hon. ", "Rt Hon ", "The Rt. Hon. ")

# The Welsh Government's and the Senedd's own Welsh for each office in the snapshot. A title
# holding a comma ("Minister for Culture, Skills and Social Partnership") is one office, so
# titles are split on commas only where the pieces are offices listed here.
WELSH_TITLES = {
    "First Minister of Wales": "Prif Weinidog Cymru",
    "First Minister": "Prif Weinidog",
    "Deputy First Minister and Cabinet Secretary for Climate Change and Rural Affairs": (
        "Dirprwy Brif Weinidog ac Ysgrifennydd y Cabinet dros Newid Hinsawdd a Materion Gwledig"
    ),
    "Cabinet Secretary for Social Justice": ("Ysgrifennydd y Cabinet dros Gyfiawnder Cymdeithasol"),
    "Trefnydd and Chief Whip": "Trefnydd a Phrif Chwip",
    "Cabinet Secretary for Economy, Energy and Planning": (
        "Ysgrifennydd y Cabinet dros yr Economi, Ynni a Chynllunio"
    ),
    "Cabinet Secretary for Education": "Ysgrifennydd y Cabinet dros Addysg",
    "Cabinet Secretary for Finance and Welsh Language": (
        "Ysgrifennydd y Cabinet dros Gyllid a'r Gymraeg"
    ),
    "Cabinet Secretary for Health and Social Care": (
        "Ysgrifennydd y Cabinet dros Iechyd a Gofal Cymdeithasol"
    ),
    "Cabinet Secretary for Housing and Local Government": (
        "Ysgrifennydd y Cabinet dros Dai a Llywodraeth Leol"
    ),
    "Cabinet Secretary for Transport and North Wales": (
        "Ysgrifennydd y Cabinet dros Drafnidiaeth a Gogledd Cymru"
    ),
    "Counsel General and Minister for Delivery": "Cwnsler Cyffredinol a Gweinidog Cyflawni",
    "Minister for Children and Social Care": "Gweinidog Plant a Gofal Cymdeithasol",
    "Minister for Culture, Skills and Social Partnership": (
        "Gweinidog Diwylliant, Sgiliau a Phartneriaeth Gymdeithasol"
    ),
    "Minister for Further and Higher Education": "Gweinidog Addysg Bellach ac Uwch",
    "Minister for Mental Health and Wellbeing": "Gweinidog Iechyd Meddwl a Llesiant",
    "Llywydd": "Llywydd",
    "Presiding Officer": "Llywydd",
    "Deputy Presiding Officer": "Dirprwy Lywydd",
    "Leader of the Opposition": "Arweinydd yr Wrthblaid",
    "Leader of Plaid Cymru": "Arweinydd Plaid Cymru",
    "Commissioner": "Comisiynydd y Senedd",
}

# When an office began, where it matters to the record before the snapshot date and the date is
# well known: who could give a casting vote, who led the government and the opposition. Every
# other office is dated from the snapshot, the earliest day the file vouches for.
ROLE_STARTS = {
    "Llywydd": TERMS[0].start_date,  # elected at the term's first sitting
    "Deputy Presiding Officer": TERMS[0].start_date,
    "First Minister of Wales": datetime.date(2024, 8, 6),
    "Leader of the Opposition": datetime.date(2024, 12, 5),  # Darren Millar elected leader
}


def split_titles(titles: str) -> list[str]:
    """ "Cabinet Secretary for Social Justice, Trefnydd and Chief Whip" -> two offices, but
    "Minister for Culture, Skills and Social Partnership" -> one."""
    pieces = [piece.strip() for piece in titles.split(",") if piece.strip()]
    offices, start = [], 0
    while start < len(pieces):
        for end in range(len(pieces), start, -1):
            candidate = ", ".join(pieces[start:end])
            if candidate in WELSH_TITLES or end == start + 1:
                offices.append(candidate)
                start = end
                break
    return offices


def plain_name(name: str) -> str:
    for honorific in HONORIFICS:
        if name.startswith(honorific):
            return name[len(honorific) :]
    return name


def read_member_files(data_dir: Path) -> tuple[list[dict], list[dict]]:
    """The parties and members files from the data directory (or its senedd/ folder)."""
    data_dir = Path(data_dir)
    if not (data_dir / PARTIES_FILE).is_file() and (data_dir / PARTIES_FILE.name).is_file():
        data_dir = data_dir.parent  # given the senedd/ folder itself
    missing = [
        str(name) for name in (PARTIES_FILE, MEMBERS_FILE) if not (data_dir / name).is_file()
    ]
    if missing:
        raise DataError(
            _("%(dir)s lacks %(files)s") % {"dir": data_dir, "files": ", ".join(missing)}
        )
    parties = read_csv(data_dir / PARTIES_FILE, ["slug", "name_en", "name_cy", "colour"])
    members = read_csv(
        data_dir / MEMBERS_FILE,
        ["senedd_id", "name", "party_en", "seat_type", "constituency_code", "region_code",
         "titles_en", "url_en", "url_cy"],
    )  # fmt: skip
    return parties, members


def snapshot_loaded() -> bool:
    """Whether every seat of the snapshot is already held in the record (the demo may have
    created only the handful of members its story names)."""
    term = Term.objects.filter(number=SNAPSHOT_TERM).first()
    return term is not None and Seat.objects.on(SNAPSHOT_DATE).filter(term=term).count() >= (
        term.members
    )


def ensure_terms() -> tuple[int, int]:
    """The Sixth and Seventh Senedd, typed facts; (created, updated)."""
    created = updated = 0
    for fact in TERMS:
        values = {
            "name_en": fact.name_en,
            "name_cy": fact.name_cy,
            "start_date": fact.start_date,
            "end_date": fact.end_date,
            "members": fact.members,
        }
        term, made = Term.objects.get_or_create(number=fact.number, defaults=values)
        if made:
            created += 1
        elif any(getattr(term, name) != value for name, value in values.items()):
            Term.objects.filter(pk=term.pk).update(**values)
            updated += 1
    return created, updated


class MemberImporter:
    """Parties, then each member with their seat and offices on the snapshot date.

    `progress` makes a progress bar (tqdm-like) over the members; the default draws nothing.
    """

    def __init__(
        self,
        parties: list[dict],
        members: list[dict],
        progress: Callable[..., tqdm] | None = None,
    ):
        self.party_rows = parties
        self.member_rows = members
        self.progress = progress or (lambda **kwargs: tqdm(disable=True, **kwargs))
        self.report = ImportReport()
        self.changes = Counter()
        self.untranslated: set[str] = set()

    @classmethod
    def from_directory(cls, data_dir: Path, **kwargs) -> "MemberImporter":
        return cls(*read_member_files(data_dir), **kwargs)

    def run(self) -> ImportReport:
        with transaction.atomic():
            created, updated = ensure_terms()
            self.report.add(
                _("Terms: %(created)d created, %(updated)d updated")
                % {"created": created, "updated": updated}
            )
            self.term = Term.objects.get(number=SNAPSHOT_TERM)
            self.parties = self.import_parties()
            self.constituencies = Constituency.objects.in_bulk()
            self.regions = Region.objects.in_bulk()
            bar = self.progress(total=len(self.member_rows), desc=MEMBERS_FILE.name, unit="members")
            try:
                for row in self.member_rows:
                    self.import_member(row)
                    bar.update(1)
            finally:
                bar.close()
        self.report.add(
            _(
                "Members: %(total)d in file, %(created)d created, %(updated)d updated; seats: "
                "%(seats_created)d created, %(seats_updated)d updated; offices: "
                "%(roles_created)d created, %(roles_updated)d updated"
            )
            % {
                "total": len(self.member_rows),
                "created": self.changes["member_created"],
                "updated": self.changes["member_updated"],
                "seats_created": self.changes["seat_created"],
                "seats_updated": self.changes["seat_updated"],
                "roles_created": self.changes["role_created"],
                "roles_updated": self.changes["role_updated"],
            }
        )
        for title in sorted(self.untranslated):
            self.report.add(
                _("No Welsh title is known for “%(title)s”: the English is used in Welsh too.")
                % {"title": title}
            )
        return self.report

    def import_parties(self) -> dict[str, Party]:
        existing = Party.objects.in_bulk(field_name="slug")
        created = updated = 0
        for row in self.party_rows:
            values = {
                "name_en": row["name_en"],
                "name_cy": row["name_cy"] or row["name_en"],
                "colour": row["colour"],
            }
            party = existing.get(row["slug"])
            if party is None:
                existing[row["slug"]] = Party.objects.create(slug=row["slug"], **values)
                created += 1
            elif any(getattr(party, name) != value for name, value in values.items()):
                Party.objects.filter(pk=party.pk).update(**values)
                updated += 1
        self.report.add(
            _("Parties: %(total)d in file, %(created)d created, %(updated)d updated")
            % {"total": len(self.party_rows), "created": created, "updated": updated}
        )
        return existing

    def _party(self, row: dict) -> Party:
        slug = PARTY_WORDING.get(row["party_en"])
        if slug is None or slug not in self.parties:
            raise DataError(
                _("Member %(id)s: the party “%(party)s” is not in the parties file")
                % {"id": row["senedd_id"], "party": row["party_en"]}
            )
        return self.parties[slug]

    def _area(self, row: dict) -> dict:
        if row["seat_type"] == "constituency":
            area = self.constituencies.get(row["constituency_code"])
            key, code = "constituency", row["constituency_code"]
        else:
            area = self.regions.get(row["region_code"])
            key, code = "region", row["region_code"]
        if area is None:
            raise DataError(
                _(
                    "Member %(id)s sits for %(code)s, which is not loaded: run deiseb "
                    "import_geography first."
                )
                % {"id": row["senedd_id"], "code": code}
            )
        if key == "constituency":
            return {"constituency": area, "region": None}
        return {"constituency": None, "region": area}

    def import_member(self, row: dict) -> None:
        name = plain_name(row["name"])
        values = {
            "slug": slugify(name),
            "name_en": name,
            "name_cy": name,
            "url_en": row["url_en"],
            "url_cy": row["url_cy"],
        }
        member, made = Member.objects.get_or_create(
            senedd_id=int(row["senedd_id"]), defaults=values
        )
        if made:
            self.changes["member_created"] += 1
        elif any(getattr(member, field) != value for field, value in values.items()):
            Member.objects.filter(pk=member.pk).update(**values)
            self.changes["member_updated"] += 1
        self.import_seat(member, self._party(row), self._area(row))
        for title in split_titles(row["titles_en"]):
            self.import_role(member, title)

    def import_seat(self, member: Member, party: Party, area: dict) -> None:
        """The seat held on the snapshot date; a clerk's corrected dates are kept."""
        values = {"party": party, **area}
        seat = Seat.objects.on(SNAPSHOT_DATE).filter(member=member, term=self.term).first()
        if seat is None:
            Seat.objects.create(
                member=member,
                term=self.term,
                start_date=self.term.start_date,
                end_date=self.term.end_date,
                **values,
            )
            self.changes["seat_created"] += 1
        elif any(getattr(seat, name) != value for name, value in values.items()):
            Seat.objects.filter(pk=seat.pk).update(**values)
            self.changes["seat_updated"] += 1

    def import_role(self, member: Member, title_en: str) -> None:
        title_cy = WELSH_TITLES.get(title_en)
        if title_cy is None:
            self.untranslated.add(title_en)
            title_cy = title_en
        role = Role.objects.on(SNAPSHOT_DATE).filter(member=member, title_en=title_en).first()
        if role is None:
            Role.objects.create(
                member=member,
                title_en=title_en,
                title_cy=title_cy,
                start_date=ROLE_STARTS.get(title_en, SNAPSHOT_DATE),
            )
            self.changes["role_created"] += 1
        elif role.title_cy != title_cy:
            Role.objects.filter(pk=role.pk).update(title_cy=title_cy)
            self.changes["role_updated"] += 1
