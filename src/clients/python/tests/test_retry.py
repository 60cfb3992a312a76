import time
import unittest
from email.utils import formatdate

from tracker.retry import Backoff, parse_retry_after


class BackoffTests(unittest.TestCase):
    def test_waits_double_up_to_the_cap(self):
        backoff = Backoff(base=0.5, cap=4.0, jitter=0.5, random=lambda: 0.0)
        self.assertEqual([backoff.delay(n) for n in range(1, 7)], [0.5, 1.0, 2.0, 4.0, 4.0, 4.0])

    def test_jitter_takes_a_random_share_off(self):
        self.assertEqual(Backoff(base=1.0, jitter=0.5, random=lambda: 1.0).delay(3), 2.0)
        self.assertEqual(Backoff(base=1.0, jitter=0.5, random=lambda: 0.5).delay(3), 3.0)

    def test_retry_after_wins_without_jitter_and_is_capped(self):
        backoff = Backoff(base=0.5, jitter=1.0, max_retry_after=60.0, random=lambda: 0.9)
        self.assertEqual(backoff.delay(1, retry_after=7.0), 7.0)
        self.assertEqual(backoff.delay(5, retry_after=0.0), 0.0)
        self.assertEqual(backoff.delay(1, retry_after=3600.0), 60.0)

    def test_huge_attempt_numbers_do_not_overflow(self):
        self.assertEqual(Backoff(cap=30.0, jitter=0.0).delay(10_000), 30.0)


class RetryAfterTests(unittest.TestCase):
    def test_seconds_and_http_dates(self):
        self.assertEqual(parse_retry_after("3"), 3.0)
        self.assertEqual(parse_retry_after(" 0 "), 0.0)
        now = time.time()
        self.assertAlmostEqual(parse_retry_after(formatdate(now + 120, usegmt=True), now=now), 120.0, delta=1.0)
        self.assertEqual(parse_retry_after(formatdate(now - 120, usegmt=True), now=now), 0.0)

    def test_absent_or_unreadable(self):
        for value in (None, "", "-1", "soon", "nan"):
            self.assertIsNone(parse_retry_after(value), value)


if __name__ == "__main__":
    unittest.main()
