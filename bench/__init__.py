"""`make bench`: the portal under gunicorn, production settings, measured against a bare view."""
