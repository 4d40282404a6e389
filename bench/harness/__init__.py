"""The bench's harness: the servers a measurement needs and the load that drives them.

- `config`: paths, the BENCH_* knobs, logging and running commands.
- `services`: PostgreSQL (databases re-created), the bench's own Redis, the environment of the
  portal's processes, `manage.py` commands, packages installed when missing.
- `gunicorn`: the portal under gunicorn (the page cache on, or off for the drawn-fresh column).
- `load`: wrk runs and single GETs.
- `worker`: a Celery worker delivering to the loopback SMTP server.
- `machine`: the machine and the versions, for the results file.

Free ports, Redis and SMTP servers come from `loopback`, shared with the real-service tests.
"""
