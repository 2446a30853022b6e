"""kit.throttle.SlidingWindow on a clock the test moves."""

from __future__ import annotations

from webinarium.kit.throttle import SlidingWindow


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def test_a_key_is_held_until_its_oldest_event_leaves_the_window() -> None:
    clock = Clock()
    window = SlidingWindow(3, 60, clock=clock)
    for _ in range(3):
        assert window.retry_after("a") is None
        window.record("a")
        clock.now += 10
    assert window.retry_after("a") == 30
    assert window.retry_after("b") is None
    clock.now += 29.5
    assert window.retry_after("a") == 1
    clock.now += 0.5
    assert window.retry_after("a") is None
    window.record("a")
    assert window.retry_after("a") == 10


def test_forget_clears_a_key() -> None:
    window = SlidingWindow(1, 60, clock=Clock())
    window.record("a")
    assert window.retry_after("a") == 60
    window.forget("a")
    assert window.retry_after("a") is None


def test_keys_whose_window_passed_are_dropped() -> None:
    clock = Clock()
    window = SlidingWindow(1, 60, clock=clock)
    window.SWEEP_AT = 3
    for key in "abc":
        window.record(key)
    clock.now += 60
    window.record("d")
    assert window._events.keys() == {"d"}
