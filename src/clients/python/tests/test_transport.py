import socket
import unittest

from tracker.transport import Reply, Transport

from .fakeserver import FakeTracker


class TransportTests(unittest.TestCase):
    def setUp(self):
        self.server = FakeTracker()
        self.addCleanup(self.server.stop)

    def test_a_refused_connection_is_a_reply_not_an_exception(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]  # closed again before the request: nothing listens there
        reply = Transport(f"http://127.0.0.1:{port}", timeout=2).post("/api/v1/runs", {"study": "s"})
        self.assertIsNone(reply.status)
        self.assertTrue(reply.retryable)
        self.assertIn("no answer", reply.describe())

    def test_problem_details_and_retry_after(self):
        self.server.fail(429, retry_after="7", title="Too many requests", detail="slow down")
        reply = Transport(self.server.url).post("/api/v1/runs/x/steps", {"steps": []})
        self.assertEqual((reply.status, reply.retry_after, reply.retryable), (429, 7.0, True))
        self.assertEqual(reply.describe(), "429 Too many requests: slow down")

    def test_4xx_other_than_408_and_429_are_not_retryable(self):
        for status in (400, 401, 403, 404, 409, 413, 422):
            self.assertFalse(Reply(status).retryable, status)
        for status in (408, 429, 502, 503, 504):
            self.assertTrue(Reply(status).retryable, status)

    def test_a_body_that_cannot_be_strict_json_is_refused_locally(self):
        reply = Transport(self.server.url).post("/api/v1/runs", {"x": float("nan")})
        self.assertEqual(reply.status, 400)
        self.assertEqual(self.server.requests, [])


if __name__ == "__main__":
    unittest.main()
