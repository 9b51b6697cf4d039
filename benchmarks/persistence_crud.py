"""fin-infra ``add_sql_resources`` vs FastCRUD: same model, same PostgreSQL database, same app.

Run: ``python benchmarks/persistence_crud.py`` (needs ``pip install -e .[dev,bench]`` and the
PostgreSQL server; ``--admin-url`` points at any database the script may CREATE DATABASE from).
Both libraries are mounted on one FastAPI application and driven in-process through httpx's ASGI
transport, so the numbers compare the libraries, not the network. It measures create throughput,
list page 1 and the last page over ``--rows`` rows, and a substring search; it prints ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime
from decimal import Decimal

import httpx
from fastapi import FastAPI
from fastcrud import FilterConfig, crud_router
from pydantic import BaseModel
from sqlalchemy import String, insert, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from fin_infra.api import SqlResource, add_sql_resources
from fin_infra.persistence import (
    ModelBase,
    Timestamps,
    UUIDPrimaryKey,
    create_engine,
    create_sessionmaker,
    utcnow,
)


class BenchItem(UUIDPrimaryKey, Timestamps, ModelBase):
    """The one model both libraries serve."""

    __tablename__ = "bench_items"
    name: Mapped[str] = mapped_column(String(100), index=True)
    category: Mapped[str] = mapped_column(String(30), index=True)
    amount: Mapped[Decimal]


class BenchCreate(BaseModel):
    name: str
    category: str
    amount: Decimal


class BenchRead(BaseModel):
    id: uuid.UUID
    name: str
    category: str
    amount: Decimal
    created_at: datetime
    updated_at: datetime


class BenchUpdate(BaseModel):
    name: str | None = None
    category: str | None = None
    amount: Decimal | None = None


async def admin(url: str, statement: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as connection:
        await connection.execute(text(statement))
    await engine.dispose()


def build_app(url: str) -> tuple[FastAPI, Callable[[], Awaitable[None]]]:
    engine = create_engine(url, pool_size=5)
    sessions = create_sessionmaker(engine)

    async def get_session() -> AsyncIterator[AsyncSession]:
        async with sessions() as session:
            yield session

    app = FastAPI()
    add_sql_resources(
        app,
        [
            SqlResource(
                model=BenchItem,
                prefix="/fi",
                search_fields=["name"],
                order_fields=["name"],
                filter_fields=["category"],
            )
        ],
        session_factory=sessions,
    )
    app.include_router(
        crud_router(
            session=get_session,
            model=BenchItem,
            create_schema=BenchCreate,
            update_schema=BenchUpdate,
            path="/fc",
            tags=["fastcrud"],
            filter_config=FilterConfig(name__ilike=None, category=None),
            select_schema=BenchRead,  # so both return the row they wrote or read
        )
    )
    return app, engine.dispose


async def timed(
    client: httpx.AsyncClient,
    ours: tuple[str, dict[str, object]],
    theirs: tuple[str, dict[str, object]],
    n: int,
) -> tuple[float, float]:
    """Median latencies (ms) of ``n`` GETs each, alternating the two so noise hits both alike."""
    samples: tuple[list[float], list[float]] = ([], [])
    for i in range(n + 2):
        for side, (path, params) in enumerate((ours, theirs)):
            start = time.perf_counter()
            response = await client.get(path, params=params)
            elapsed = (time.perf_counter() - start) * 1000
            response.raise_for_status()
            if i >= 2:  # two warm-up rounds
                samples[side].append(elapsed)
    return statistics.median(samples[0]), statistics.median(samples[1])


async def creates(client: httpx.AsyncClient, n: int, tag: str) -> tuple[float, float]:
    """Seconds spent in ``n`` POSTs to each library, alternating one by one."""
    spent = [0.0, 0.0]
    for i in range(n):
        for side, path in enumerate(("/fi/", "/fc")):
            body = {"name": f"{tag} {path} item {i}", "category": "bench", "amount": "12.3400"}
            start = time.perf_counter()
            response = await client.post(path, json=body)
            spent[side] += time.perf_counter() - start
            if response.status_code not in (200, 201) or not response.json():
                raise RuntimeError(f"{path}: {response.status_code} {response.text}")
    return spent[0], spent[1]


async def seed(url: str, rows: int) -> None:
    engine = create_engine(url)
    now = utcnow()
    async with engine.begin() as connection:
        for start in range(0, rows, 10_000):
            batch = [
                {
                    "id": uuid.uuid4(),
                    "name": f"seed {i:06d}",
                    "category": ("a", "b", "c", "d")[i % 4],
                    "amount": Decimal(i) / 100,
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(start, min(start + 10_000, rows))
            ]
            await connection.execute(insert(BenchItem), batch)
    vacuum = create_engine(url, isolation_level="AUTOCOMMIT")
    async with vacuum.connect() as connection:
        await connection.execute(text("VACUUM ANALYZE bench_items"))
        await connection.execute(text("CHECKPOINT"))
    await vacuum.dispose()
    await engine.dispose()


def line(label: str, ours: float, theirs: float, unit: str, higher_is_better: bool) -> None:
    ratio = ours / theirs if higher_is_better else theirs / ours
    print(f"{label:<34} {ours:>10.2f} {theirs:>10.2f} {unit:<6} {ratio:>6.2f}x")


async def main(args: argparse.Namespace) -> None:
    name = f"fi_bench_{uuid.uuid4().hex[:10]}"
    await admin(args.admin_url, f"CREATE DATABASE {name}")
    url = args.admin_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        engine = create_engine(url)
        async with engine.begin() as connection:
            await connection.run_sync(ModelBase.metadata.create_all, tables=[BenchItem.__table__])
        await engine.dispose()
        app, dispose = build_app(url)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            await creates(client, 20, "warm")
            n = args.creates
            ours_s, theirs_s = await creates(client, n, "item")
            await seed(url, args.rows)
            total = (await client.get("/fi/", params={"page_size": 20})).json()["total"]
            last = -(-total // 20)
            k = args.repeat
            results = {
                "page 1": await timed(
                    client,
                    ("/fi/", {"page": 1, "page_size": 20}),
                    ("/fc", {"page": 1, "itemsPerPage": 20, "sort": "id"}),
                    k,
                ),
                f"deep page {last}": await timed(
                    client,
                    ("/fi/", {"page": last, "page_size": 20}),
                    ("/fc", {"page": last, "itemsPerPage": 20, "sort": "id"}),
                    k,
                ),
                "search 'item 12' (substring)": await timed(
                    client,
                    ("/fi/search", {"q": "item 12", "page_size": 20}),
                    (
                        "/fc",
                        {"name__ilike": "%item 12%", "page": 1, "itemsPerPage": 20, "sort": "id"},
                    ),
                    k,
                ),
                "filter category=b, page 1": await timed(
                    client,
                    ("/fi/", {"category": "b", "page_size": 20}),
                    ("/fc", {"category": "b", "page": 1, "itemsPerPage": 20, "sort": "id"}),
                    k,
                ),
            }
        await dispose()
    finally:
        await admin(args.admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    print(f"PostgreSQL, {total:,} rows, page_size 20, median of {k} requests; in-process ASGI")
    print(f"{'':<34} {'fin-infra':>10} {'FastCRUD':>10} {'':<6} {'ratio':>7}")
    line(f"create ({n} sequential POSTs)", n / ours_s, n / theirs_s, "req/s", True)
    for label, (ours, theirs) in results.items():
        line(label, ours, theirs, "ms", False)
    p1, deep = results["page 1"], results[f"deep page {last}"]
    print(
        f"deep page / page 1 latency: fin-infra {deep[0] / p1[0]:.2f}x, "
        f"FastCRUD {deep[1] / p1[1]:.2f}x"
    )
    print("ratio > 1 means fin-infra is faster")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--admin-url", default="postgresql+asyncpg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--creates", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=30)
    asyncio.run(main(parser.parse_args()))
