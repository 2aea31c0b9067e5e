"""B2B meeting scheduler benchmark (issue 19): 300 participants, 2,000 accepted meeting requests,
12 slots and 40 tables — the time to place them and the share placed, against the bounds.

    python bench/meeting_scheduler.py [--runs 3] [--seed 1]

Requests follow a buyers-and-suppliers shape: 60 buyers draw most requests (each is asked by many
suppliers), so some people are asked for more meetings than there are slots; a tenth of the
participants mark two slots unavailable. 12 slots × 40 tables hold 480 meetings: far fewer than 2,000,
so the upper bound on what can be placed is min(480, what the people's free slots allow), computed here
as the tables' total and the sum over people of their free slots halved.
"""

import argparse
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from synergies.events.meeting_scheduler import MeetingToPlace, schedule  # noqa: E402


def generate(seed: int, participants=300, requests=2000, slots=12, unavailable_share=0.1):
    rng = random.Random(seed)
    buyers = list(range(60))
    everyone = list(range(participants))
    pairs = set()
    while len(pairs) < requests:
        a = rng.choice(buyers) if rng.random() < 0.7 else rng.choice(everyone)
        b = rng.choice(everyone)
        if a != b:
            pairs.add(tuple(sorted((a, b))))
    meetings = [MeetingToPlace(key=i, people=pair) for i, pair in enumerate(sorted(pairs))]
    unavailable = {p: set(rng.sample(range(slots), 2)) for p in everyone if rng.random() < unavailable_share}
    return meetings, unavailable


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--slots", type=int, default=12)
    parser.add_argument("--tables", type=int, default=40)
    args = parser.parse_args()
    print(f"{platform.machine()}, Python {platform.python_version()}")
    times, shares = [], []
    for run in range(args.runs):
        meetings, unavailable = generate(args.seed + run, slots=args.slots)
        slot_tables = {s: args.tables for s in range(args.slots)}
        started = time.perf_counter()
        placement = schedule(meetings, slot_tables, unavailable)
        elapsed = time.perf_counter() - started
        seen = set()
        for key, slot in placement.slots.items():
            for person in meetings[key].people:
                assert (person, slot) not in seen
                seen.add((person, slot))
        degree = {}
        for m in meetings:
            for p in m.people:
                degree[p] = degree.get(p, 0) + 1
        free = {p: args.slots - len(unavailable.get(p, ())) for p in degree}
        bound = min(args.slots * args.tables, sum(min(degree[p], free[p]) for p in degree) // 2)
        placed = len(placement.slots)
        times.append(elapsed)
        shares.append(placed / bound)
        print(
            f"run {run + 1}: {len(meetings)} requests, placed {placed} of at most {bound} "
            f"({placed / bound:.1%}), {len(placement.unscheduled)} unscheduled, "
            f"{'optimal' if placement.optimal else 'time limit'}, {elapsed:.2f} s"
        )
    print(
        f"median {statistics.median(times):.2f} s, max {max(times):.2f} s; share of the bound placed: min {min(shares):.1%}"
    )


if __name__ == "__main__":
    main()
