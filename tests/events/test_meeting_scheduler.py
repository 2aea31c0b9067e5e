"""The meeting scheduler's properties, on generated inputs: nobody twice in a slot, no slot over its
tables, unavailability and hand placements respected, and every meeting placed when capacity allows."""

import random

import pytest

from synergies.events.meeting_scheduler import MeetingToPlace, schedule


def _check(meetings, slot_tables, unavailable, placement):
    by_key = {m.key: m for m in meetings}
    seen = set()
    for key, slot in placement.slots.items():
        for person in by_key[key].people:
            assert (person, slot) not in seen, f"{person} deux fois au créneau {slot}"
            seen.add((person, slot))
            assert slot not in unavailable.get(person, set())
    for slot, tables in slot_tables.items():
        in_slot = [k for k, s in placement.slots.items() if s == slot]
        assert len(in_slot) <= tables
        assert sorted(placement.tables[k] for k in in_slot) == sorted({placement.tables[k] for k in in_slot})
        assert all(1 <= placement.tables[k] <= tables for k in in_slot)
    assert set(placement.slots) | set(placement.unscheduled) == set(by_key)


def test_everyone_is_placed_when_capacity_allows():
    # A round robin of 6 people needs 5 slots of 3 tables: a perfect schedule exists and must be found.
    people = range(6)
    meetings = [
        MeetingToPlace(key=i, people=pair) for i, pair in enumerate((a, b) for a in people for b in people if a < b)
    ]
    slot_tables = {s: 3 for s in range(5)}
    placement = schedule(meetings, slot_tables)
    _check(meetings, slot_tables, {}, placement)
    assert placement.unscheduled == [] and placement.optimal


def test_tables_and_unavailability_limit_what_is_placed_and_the_rest_is_listed():
    meetings = [MeetingToPlace(key=i, people=(0, i)) for i in range(1, 6)]  # person 0 meets five people
    slot_tables = {10: 1, 11: 1, 12: 1}
    unavailable = {0: {12}}
    placement = schedule(meetings, slot_tables, unavailable)
    _check(meetings, slot_tables, unavailable, placement)
    assert len(placement.slots) == 2 and len(placement.unscheduled) == 3


def test_hand_placements_are_kept_and_a_new_run_moves_nothing_it_need_not():
    meetings = [
        MeetingToPlace(key=1, people=(1, 2), pinned_slot=2, pinned_table=3),
        MeetingToPlace(key=2, people=(3, 4)),
    ]
    placement = schedule(meetings, {1: 3, 2: 3})
    assert placement.slots[1] == 2 and placement.tables[1] == 3
    again = schedule(meetings, {1: 3, 2: 3}, previous=placement.slots)
    assert again.slots == placement.slots


@pytest.mark.parametrize("seed", range(5))
def test_random_events_never_double_book(seed):
    rng = random.Random(seed)
    people = list(range(30))
    pairs = {tuple(sorted(rng.sample(people, 2))) for _ in range(120)}
    meetings = [MeetingToPlace(key=i, people=pair) for i, pair in enumerate(sorted(pairs))]
    slot_tables = {s: rng.randint(3, 8) for s in range(8)}
    unavailable = {p: set(rng.sample(range(8), rng.randint(0, 2))) for p in people}
    placement = schedule(meetings, slot_tables, unavailable, time_limit=5)
    _check(meetings, slot_tables, unavailable, placement)
    # Upper bound: no more than the tables, and no person more than their free slots.
    assert len(placement.slots) <= sum(slot_tables.values())


def test_a_proposed_slot_is_favoured_but_never_at_the_cost_of_a_meeting():
    meetings = [MeetingToPlace(key=1, people=(1, 2), preferred_slot=3), MeetingToPlace(key=2, people=(1, 3))]
    placement = schedule(meetings, {1: 1, 2: 1, 3: 1})
    assert placement.slots[1] == 3 and len(placement.slots) == 2
    # Only one slot: both cannot be placed at once (person 1 in both); one is, whatever the preference.
    crowded = schedule(meetings, {3: 1})
    assert len(crowded.slots) == 1
