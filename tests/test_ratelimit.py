"""The per-chat sliding window."""

from bot.ratelimit import RateLimiter


def test_window_slides():
    now = [0.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    assert [limiter.allow("a"), limiter.allow("a"), limiter.allow("a"), limiter.allow("b")] == [True, True, False, True]
    now[0] = 59.9
    assert limiter.allow("a") is False
    now[0] = 60.0
    assert [limiter.allow("a"), limiter.allow("a"), limiter.allow("a")] == [True, True, False]
