import datetime

from ninja import Schema


class ObjectiveOut(Schema):
    number: int
    title: str
    short_title: str
    description: str
    themes: list[str]


class PartyOut(Schema):
    kind: str
    name: str
    represented_by: str
    role: str


class ConventionOut(Schema):
    slug: str
    title: str
    summary: str
    signed_on: datetime.date
    starts_on: datetime.date
    ends_on: datetime.date | None
    parties: list[PartyOut]
    objectives: list[ObjectiveOut]


class TerritoryOut(Schema):
    code: str
    name: str
    slug: str
    departments: list[str]
    convention: ConventionOut | None

    @staticmethod
    def resolve_departments(territory):
        return [department.code for department in territory.departments.all()]

    @staticmethod
    def resolve_convention(territory):
        conventions = list(territory.conventions.all())
        return conventions[0] if conventions else None


class RoleOut(Schema):
    kind: str
    territory: str | None = None
    party: str | None = None
    organisation: str | None = None


class MeOut(Schema):
    email: str
    first_name: str
    last_name: str
    is_admin: bool
    is_national_steering: bool
    roles: list[RoleOut]


class ErrorOut(Schema):
    detail: str
