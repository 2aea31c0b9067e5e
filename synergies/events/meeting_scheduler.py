"""Places accepted B2B meetings in the event's slots: nobody (person) in two meetings at once, no more
meetings in a slot than it has tables, nobody in a slot they marked unavailable, meetings placed by hand
kept where they are; as many meetings placed as possible, the rest listed as unscheduled.

This is a maximum edge-colouring with capacities and forbidden colours (NP-hard in general), solved
with OR-Tools' CP-SAT rather than a hand-written search. Inputs and outputs are plain data, so that the
solver is tested and measured apart from the database (bench/meeting_scheduler.py).
"""

from dataclasses import dataclass, field

# Past this, the solver returns the best placement it has found (it is then not proven optimal).
TIME_LIMIT_SECONDS = 20.0


@dataclass(frozen=True)
class MeetingToPlace:
    key: int
    people: tuple[int, int]  # the two participants (registration ids)
    pinned_slot: int | None = None  # placed by hand: kept in this slot…
    pinned_table: int | None = None  # …at this table
    preferred_slot: int | None = None  # the slot the person asked proposed when accepting


@dataclass
class Placement:
    slots: dict[int, int] = field(default_factory=dict)  # meeting key -> slot key
    tables: dict[int, int] = field(default_factory=dict)  # meeting key -> table number (1…)
    unscheduled: list[int] = field(default_factory=list)
    optimal: bool = True


def schedule(
    meetings: list[MeetingToPlace],
    slot_tables: dict[int, int],
    unavailable: dict[int, set[int]] | None = None,
    *,
    previous: dict[int, int] | None = None,
    time_limit: float = TIME_LIMIT_SECONDS,
) -> Placement:
    """`slot_tables`: slot key -> number of tables; `unavailable`: person -> slot keys; `previous`: the
    last placement, kept where it can be (a new run moves as few meetings as it must)."""
    from ortools.sat.python import cp_model

    unavailable = unavailable or {}
    previous = previous or {}
    model = cp_model.CpModel()
    choice: dict[tuple[int, int], object] = {}
    for meeting in meetings:
        slots = [meeting.pinned_slot] if meeting.pinned_slot is not None else list(slot_tables)
        for slot in slots:
            if slot in slot_tables and all(slot not in unavailable.get(p, ()) for p in meeting.people):
                choice[meeting.key, slot] = model.new_bool_var(f"m{meeting.key}_s{slot}")
    by_meeting: dict[int, list] = {}
    by_person_slot: dict[tuple[int, int], list] = {}
    by_slot: dict[int, list] = {}
    for (key, slot), var in choice.items():
        by_meeting.setdefault(key, []).append(var)
        by_slot.setdefault(slot, []).append(var)
    people = {m.key: m.people for m in meetings}
    for (key, slot), var in choice.items():
        for person in people[key]:
            by_person_slot.setdefault((person, slot), []).append(var)
    for variables in by_meeting.values():
        model.add_at_most_one(variables)
    for variables in by_person_slot.values():
        model.add_at_most_one(variables)
    for slot, variables in by_slot.items():
        model.add(sum(variables) <= slot_tables[slot])
    for meeting in meetings:  # a meeting placed by hand stays placed
        if meeting.pinned_slot is not None and (meeting.key, meeting.pinned_slot) in choice:
            model.add(choice[meeting.key, meeting.pinned_slot] == 1)
    # Placed meetings first, then the slots the people proposed, then staying where they were: a new run
    # never gives up a meeting for a preference, nor a preference to keep another meeting in place.
    preferred = {m.key: m.preferred_slot for m in meetings if m.preferred_slot is not None}
    stay_weight = 1
    preference_weight = len(meetings) + 1
    place_weight = preference_weight * (len(meetings) + 1)
    model.maximize(
        sum(place_weight * var for var in choice.values())
        + sum(preference_weight * var for (key, slot), var in choice.items() if preferred.get(key) == slot)
        + sum(stay_weight * var for (key, slot), var in choice.items() if previous.get(key) == slot)
    )
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 2
    status = solver.solve(model)
    placement = Placement(optimal=status == cp_model.OPTIMAL)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        placement.unscheduled = [m.key for m in meetings]
        placement.optimal = False
        return placement
    for (key, slot), var in choice.items():
        if solver.value(var):
            placement.slots[key] = slot
    placement.unscheduled = [m.key for m in meetings if m.key not in placement.slots]
    pinned = {m.key: m.pinned_table for m in meetings if m.pinned_table is not None}
    placement.tables = _tables(placement.slots, pinned)
    return placement


def _tables(slots: dict[int, int], pinned: dict[int, int]) -> dict[int, int]:
    """A meeting placed by hand keeps its table; the others sit at the free tables 1, 2, … of their
    slot in the order of their keys (tables are alike)."""
    tables = {key: pinned[key] for key in slots if key in pinned}
    taken: dict[int, set[int]] = {}
    for key, table in tables.items():
        taken.setdefault(slots[key], set()).add(table)
    for key in sorted(slots):
        if key in tables:
            continue
        used = taken.setdefault(slots[key], set())
        table = next(n for n in range(1, len(used) + 2) if n not in used)
        used.add(table)
        tables[key] = table
    return tables
