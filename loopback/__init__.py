"""Real servers on loopback for the tests and the bench: free ports, Redis, SMTP.

Shared by the real-service test fixtures (tests/fixtures/) and `make bench` (bench/harness/), so
both start and read their servers the same way. Nothing here knows pytest or Django, and the
portal never imports it (ruff's TID251 says so outside tests/, bench/ and this package): it is not
part of the installed portal.
"""
