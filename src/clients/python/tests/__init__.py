import logging

# The client reports through the "tracker" logger; keep test output readable (assertLogs still sees the records).
logging.getLogger("tracker").addHandler(logging.NullHandler())
logging.getLogger("tracker").propagate = False
