"""Where a page's time goes, in one process: SQL, template rendering and the rest.

scale.py measures pages the way users meet them (gunicorn, HTTP); this serves the same
pages through Django's test client in one process, against the same grown database and
production settings, and splits each request's time into its queries (how many, how
long, the slowest) and everything else (views, templates, middleware). With
`--profile` it also prints cProfile's top functions by their own time.

    .venv/bin/python bench/profile_page.py \\
        --database postgres://postgres@127.0.0.1:5432/conduct_register_scale \\
        [--only register] [--requests 20] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scale import PAGES, setup_django  # noqa: E402 (after the path is set)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="the grown PostgreSQL database URL")
    parser.add_argument("--requests", type=int, default=20, help="requests per page")
    parser.add_argument("--only", help="profile only the pages whose label contains this")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions")
    options = parser.parse_args()
    setup_django(options.database)

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.scale import NEXT_LINK, _people

    people = _people()
    clients = {}
    for who, person in people.items():
        clients[who] = Client(HTTP_HOST="127.0.0.1")  # the host the settings allow
        clients[who].force_login(person.user)

    for label, who, path in PAGES:
        if options.only and options.only not in label:
            continue
        client = clients[who]
        if " +" in path:
            path, steps = path.split(" +")
            for _ in range(int(steps.split()[0])):
                found = NEXT_LINK.search(client.get(path).content.decode())
                if found is None:
                    break
                path = (found.group(1) or found.group(2)).replace("&amp;", "&")
        client.get(path)  # warm up
        walls, sql, counts = [], [], []
        slowest: dict[str, float] = {}
        profiler = cProfile.Profile() if options.profile else None
        for _ in range(options.requests):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                if profiler:
                    profiler.enable()
                response = client.get(path)
                if profiler:
                    profiler.disable()
                walls.append(time.perf_counter() - started)
            times = [float(query["time"]) for query in queries.captured_queries]
            sql.append(sum(times))
            counts.append(len(times))
            for query, spent in zip(queries.captured_queries, times, strict=True):
                slowest[query["sql"]] = max(slowest.get(query["sql"], 0.0), spent)
        wall, spent = statistics.median(walls), statistics.median(sql)
        print(
            f"\n{label} ({response.status_code}, {len(response.content) / 1024:.0f} KB): "
            f"median {wall * 1000:.1f} ms, of which SQL {spent * 1000:.1f} ms in "
            f"{statistics.median(counts):.0f} queries, the rest {(wall - spent) * 1000:.1f} ms"
        )
        for query, spent in sorted(slowest.items(), key=lambda item: -item[1])[:3]:
            print(f"  {spent * 1000:6.1f} ms  {query[:300]}")
        if profiler:
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
