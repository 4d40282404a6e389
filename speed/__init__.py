"""The speed layer: every cache of pages, sessions and signed-in users, under one contract.

Measured first (bench/FINDINGS.md): on a simple page Django's template engine, one ORM query and one
Redis round trip each cost more than a bare view. So the pages people open most are kept rendered,
and the signed-in user is kept between requests. Nothing outside this app reads or writes these
caches, and no domain code knows they exist: views opt in with a decorator, models are listed in
one table, and the rest of the portal is plain Django.

What is here
    pages.py         `@cached_page`: a view's page kept rendered in each process's memory
                     (`CACHES["pages"]`), served with this request's own CSRF token.
    snapshots.py     the signed-in user as a small signed entry in the shared cache
                     (`CACHES["auth"]`); its version is the version of everything that user sees.
    auth.py          the authentication backend that reads the user from the snapshot.
    dependencies.py  THE table: which models' rows appear on whose cached pages; connected to the
                     models' signals in `SpeedConfig.ready()`.
    caches.py        the Redis cache backends (JSON, one client per pool) and the local-first
                     one for sessions and snapshots (copies in memory, dropped on Redis pub/sub).

The contract of a cached page
1.  A view opts in with `@cached_page` (innermost decorator, below `login_required`) and returns a
    `TemplateResponse` for what may be kept. It stays a plain view: on a hit it is not called at
    all; on a miss it runs as usual and its TemplateResponse is rendered once for the key. Anything
    else it returns (a redirect, a `render()` of a form with errors, a 404) passes through unkept.
2.  Only GET/HEAD answers with status 200 are kept, never a request with messages to show, never
    a page whose drawing called `pages.page_not_kept(request)` (it shows something of the browser
    session, which the key does not name: the «هل كانت هذه الصفحة مفيدة؟» widget does so), and
    only the body: headers a view sets itself are not replayed (set them in middleware or in the
    decorators outside `@cached_page`, which run on every request).
3.  The key is the view, the language, the full path (query string included) and who is asking:
    "anonymous", or the user's id with their snapshot version. So a cached page may depend on
    exactly these and on rows listed in the dependency table for the user it is drawn for:
    - an anonymous page may read no row at all (it is the same for everyone for an hour);
    - a user's page may read rows of models in `dependencies.DEPENDENCIES`, whose entry says which
      users' pages each row appears on. A save or delete of such a row gives those users a new
      snapshot version after the commit, so their pages are drawn again at their next visit.
    A model that a cached page shows must be in the table (tests/speed/test_dependencies.py draws
    every cached view and fails on a table read that the table does not cover). Rows changed
    without signals (`QuerySet.update()`, raw SQL) are not seen until the snapshot expires (10
    minutes): change shown rows through `save()`.
4.  The CSRF token is joined in per request at a random marker drawn anew for each rendering; the
    rest of the page is the same bytes for everyone with the same key.
5.  One cache layer per page: no `{% cache %}` fragment inside a page kept whole, except where a
    measurement shows it pays for itself on the draws that still happen; each kept fragment says
    so in a comment with its figure. Fragments use `CACHES["fragments"]` (process memory) and
    name in their key everything they depend on.

What the cache may not do
    Decide who someone is or what they may do. The user snapshot carries no password hash, no
    national ID, no contact details and no `is_superuser`; it is JSON signed with an HMAC keyed
    from SECRET_KEY, bound to the user id and at most 10 minutes old. An entry the portal did not
    sign is ignored and the user read from the database; permissions, groups and superuser status
    always come from the database. Redis values are JSON, never pickles.

When the cache is down
    `CACHES["pages"]` and `CACHES["fragments"]` are in each process's memory and cannot be down.
    When Redis (`CACHES["auth"]`) cannot be reached, each request reads its user from the database
    and sessions from PostgreSQL (cached_db), and no page of a signed-in user is kept or served from
    memory (they have no snapshot version): slower, never stale, nobody logged out. Anonymous pages
    are still served from memory. The local-first backend serves nothing from memory while its
    invalidation subscriber is disconnected, and keeps a copy at most 30 seconds whatever happens.
"""
