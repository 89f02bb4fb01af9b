"""The quality gates' rule for Lighthouse: accessibility, best practices and SEO fail below 100; performance,
a timing that moves with the machine's load, is reported against its target of 98 and never fails CI."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from quality_gates import FLOORS, TARGETS, judge  # noqa: E402

PERFECT = {"performance": 100, "accessibility": 100, "best-practices": 100, "seo": 100}


def test_a_busy_machines_performance_is_a_note_not_a_failure():
    failures, notes = judge("fairness/", {**PERFECT, "performance": 95}, [95, 95, 98], [])
    assert failures == []
    assert notes == ["lighthouse fairness/: performance 95 below the target 98 "
                     "(runs 95/95/98; a timing, reported and never failed)"]


def test_no_performance_score_fails_the_run():
    # The fresh clone of 2026-12 failed on a table view at 89 (runs 88/89/91) on a loaded machine.
    for score in (89, 50, 0):
        failures, notes = judge("/", {**PERFECT, "performance": score}, [score], ["largest-contentful-paint"])
        assert failures == [] and len(notes) == 1 and f"performance {score}" in notes[0]


def test_accessibility_best_practices_and_seo_stay_hard():
    for name in ("accessibility", "best-practices", "seo"):
        failures, notes = judge("/", {**PERFECT, name: 99}, [100, 100, 100], ["some-audit"])
        assert len(failures) == 1 and name in failures[0] and notes == []


def test_targets_are_kept_for_the_report():
    assert TARGETS["performance"] == 98 and "performance" not in FLOORS
    assert judge("/", PERFECT, [100], []) == ([], [])
