"""A personal-finance backend and dashboard built on fin-infra: the reference application.

Each module is one piece an application owns and can replace: ``models`` (tables, three of them
scaffolded with ``fin-infra scaffold``), ``database`` (engine and migrations), ``seed`` (a sandbox
user), ``insights`` (domain results read from the database), ``api`` (routes), ``dashboard``
(charts) and ``app`` (the FastAPI factory that composes them).
"""
