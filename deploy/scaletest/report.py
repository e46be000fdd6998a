"""What the checks print: one line per fact established, and the closing table."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from scaletest.client import CheckFailed


@dataclass
class Outcome:
    key: str
    title: str
    passed: bool = False
    facts: int = 0
    seconds: float = 0.0
    failure: str = ""


@dataclass
class Out:
    """Handed to a check: ``ok`` prints a fact, ``check`` prints it or fails the check."""

    outcome: Outcome
    notes: list[str] = field(default_factory=list)

    def ok(self, fact: str) -> None:
        self.outcome.facts += 1
        print(f"    ok    {fact}", flush=True)

    def note(self, fact: str) -> None:
        print(f"    note  {fact}", flush=True)

    def check(self, condition: bool, fact: str, otherwise: str = "") -> None:
        if not condition:
            raise CheckFailed(f"{fact} — {otherwise}" if otherwise else fact)
        self.ok(fact)


def table(outcomes: list[Outcome], started: float) -> str:
    width = max(len(o.title) for o in outcomes)
    lines = ["", "scale test summary", "-" * (width + 34)]
    for o in outcomes:
        verdict = "PASS" if o.passed else "FAIL"
        lines.append(
            f"{o.key}  {o.title:<{width}}  {verdict}  {o.facts:>3} facts  {o.seconds:6.1f} s"
        )
        if not o.passed:
            lines.append(f"      {o.failure}")
    passed = sum(o.passed for o in outcomes)
    lines.append("-" * (width + 34))
    lines.append(f"{passed}/{len(outcomes)} checks passed in {time.monotonic() - started:.0f} s")
    return "\n".join(lines)
