"""The planner on a real Dask cluster (worker processes started here): the same plan as one local job, byte
for byte, also through ``sortition plan --dask ADDRESS``, and when a worker is killed in the middle of a run."""

from __future__ import annotations

import json
import os
import signal
import threading
from collections.abc import Iterator

import pytest

distributed = pytest.importorskip("dask.distributed")
joblib = pytest.importorskip("joblib")

import typer  # noqa: E402
from sortition_cli.common import T  # noqa: E402
from sortition_cli.plan import plan_command  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from sortition.planning import plan, scenario_inputs  # noqa: E402

GRID = [900, 1500, 2500]
OPTIONS = dict(trials=120, seed=4, fairness_trials=2)
RUN_LIMIT = 240  # seconds: a run that has not ended by then hangs


def _canonical(result) -> bytes:
    payload = result.as_dict()
    payload.pop("seconds")
    return json.dumps(payload, sort_keys=True).encode()


@pytest.fixture(scope="module")
def jury30():
    return scenario_inputs("jury30")


@pytest.fixture(scope="module")
def local(jury30) -> bytes:
    return _canonical(plan(jury30, GRID, jobs=1, **OPTIONS))


@pytest.fixture()
def cluster() -> Iterator[distributed.LocalCluster]:
    """Two single-threaded worker processes, each under a nanny that restarts it if it dies."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    ) as cluster:
        yield cluster


def _in_thread(target) -> dict[str, object]:
    """Run ``target`` in a thread; fail if it has not ended within RUN_LIMIT seconds."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = target()
        except BaseException as exc:  # reported by the test, not lost in the thread
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(RUN_LIMIT)
    assert not thread.is_alive(), f"the plan did not end within {RUN_LIMIT} s"
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome


def test_dask_cluster_gives_the_same_plan_as_one_job(jury30, local, cluster) -> None:
    with distributed.Client(cluster) as client, joblib.parallel_config(backend="dask"):
        pids = set(client.run(os.getpid).values())
        result = _in_thread(lambda: plan(jury30, GRID, **OPTIONS))["value"]
    assert len(pids) == 2 and os.getpid() not in pids  # really two other processes
    assert _canonical(result) == local


class _KillOnce:
    """Progress callback that kills one worker process as soon as the first results are in."""

    def __init__(self, client: distributed.Client) -> None:
        self.client = client
        self.killed: int | None = None
        self.updates = 0

    def phase(self, name: str, total: int | None = None) -> None:
        pass

    def update(self, done: int, message: str = "") -> None:
        self.updates += 1
        if self.killed is None:
            pids = self.client.run(os.getpid)
            self.killed = pids[sorted(pids)[0]]
            os.kill(self.killed, signal.SIGKILL)


def test_a_worker_killed_mid_run_changes_nothing(jury30, local, cluster) -> None:
    with distributed.Client(cluster) as client, joblib.parallel_config(backend="dask"):
        killer = _KillOnce(client)
        result = _in_thread(lambda: plan(jury30, GRID, progress=killer, **OPTIONS))["value"]
        assert killer.killed is not None and killer.updates > 1  # killed after the first chunk, more came
        alive = set(client.run(os.getpid).values())
    assert killer.killed not in alive  # that process is gone (its nanny started another)
    assert _canonical(result) == local


def test_plan_command_with_dask_address_prints_the_same_plan(local, cluster) -> None:
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    app.command("plan", help=T("help.plan"))(plan_command)
    app.command("other")(lambda: None)  # two commands: "plan" stays a subcommand
    arguments = ["--scenario", "jury30", "--invitations", ",".join(map(str, GRID)), "--json"]
    options = [f"--{name.replace('_', '-')}={value}" for name, value in OPTIONS.items()]

    def run(*extra: str) -> dict[str, object]:
        done = CliRunner().invoke(app, ["plan", *arguments, *options, *extra])
        assert done.exit_code == 0, done.output
        payload: dict[str, object] = json.loads(done.stdout)
        payload.pop("seconds")
        return payload

    with_dask = _in_thread(lambda: run("--dask", cluster.scheduler_address))["value"]
    assert with_dask == run("--jobs", "1")
    library = json.loads(local)
    assert set(with_dask) - set(library) <= {"plot", "inputs", "notes"}  # what the command adds for the reader
    assert library == {key: value for key, value in with_dask.items() if key in library}
