"""Calls from several threads at once give the serial results, and the GIL is released while C++ works."""

import concurrent.futures
import os
import threading

import pytest

import hotplan
from conftest import EXAMPLE_FLEET

CATALOG = EXAMPLE_FLEET.parent / "catalog.json"
PATCH_BASELINE = EXAMPLE_FLEET.parent / "policies" / "patch-baseline.json"


def test_concurrent_calls_match_serial_results(example_fleet, dated_fleet, dated_fleet_path):
    jobs = [("plan", (example_fleet, "2025-10", 12)), ("plan", (EXAMPLE_FLEET, "2026-01", 6)),
            ("check", (example_fleet,)), ("calendar", ("ws2025", "2025-10", 24)),
            ("calendar", ("ws2022-azure-edition", "2024-07", 12)),
            ("plan", (example_fleet, "2025-10", 12, CATALOG, "automatic-by-platform")),
            ("classify", (CATALOG, "automatic-by-platform", EXAMPLE_FLEET, "az-web-01", "2025-11")),
            ("classify", (CATALOG, PATCH_BASELINE, None, None, "2025-10")),
            ("rollout", (dated_fleet, "2025-11")),
            ("rollout", (dated_fleet_path, "2025-12", {"failed": ["az-web-02"]}))]
    expected = [getattr(hotplan, name)(*args) for name, args in jobs]
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        futures = [(i % len(jobs), pool.submit(getattr(hotplan, jobs[i % len(jobs)][0]), *jobs[i % len(jobs)][1]))
                   for i in range(80)]
        for index, future in futures:
            assert future.result() == expected[index]


def test_concurrent_errors_keep_their_own_path(example_fleet):
    def bad_fleet(i):
        fleet = {"machines": [dict(m) for m in example_fleet["machines"]]}
        fleet["machines"][i % len(fleet["machines"])]["build"] = "bad"
        return i % len(fleet["machines"]), fleet

    def run(i):
        index, fleet = bad_fleet(i)
        try:
            hotplan.plan(fleet, "2025-10", 3)
        except hotplan.InputError as error:
            return index, error.path
        return index, None

    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        for index, path in pool.map(run, range(60)):
            assert path == f"/machines/{index}/build"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_gil_is_released_while_the_library_reads_input(tmp_path):
    # The worker's call blocks inside C++ opening a named pipe until this thread
    # opens its other end. Holding the GIL there would deadlock (ctest's timeout
    # then fails the test); releasing it lets this thread run and unblock it.
    fifo = tmp_path / "fleet.fifo"
    os.mkfifo(fifo)
    outcome = {}

    def worker():
        try:
            hotplan.check(fifo)
        except hotplan.InputError as error:
            outcome["error"] = error

    thread = threading.Thread(target=worker)
    thread.start()
    os.close(os.open(fifo, os.O_WRONLY))  # returns once the worker, inside C++, has opened the pipe
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert "error" in outcome  # a pipe has no size, so the library refuses to read it


def test_concurrent_classify_and_rollout_errors_keep_their_own_path(example_fleet, dated_fleet):
    ids = [m["id"] for m in example_fleet["machines"]]

    def run(i):
        try:
            if i % 2:
                hotplan.rollout(dated_fleet, "2025-11", failures={"failed": [*ids[:i % len(ids)], f"x{i}"]})
            else:
                hotplan.classify(CATALOG, "automatic-by-platform", fleet=example_fleet, machine=f"x{i}")
        except hotplan.InputError as error:
            return i, error.path, str(error)
        return i, None, ""

    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        for i, path, message in pool.map(run, range(40)):
            assert path == (f"/failed/{i % len(ids)}" if i % 2 else "machine")
            assert f"x{i}" in message
