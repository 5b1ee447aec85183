"""The scripts work from any checkout location: where the ``postgres`` account cannot enter
the checkout (a ``mktemp -d`` folder, a home directory of mode 0700) and the scripts run
as root, the cluster goes where it can, and really starts there. Needs PostgreSQL's server
binaries and, for the root cases, root; no Odoo."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
IS_ROOT = os.geteuid() == 0
HAS_PG = any(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")) or shutil.which("pg_ctl")
HAS_POSTGRES_USER = subprocess.run(["id", "postgres"], capture_output=True, check=False)
needs_root_pg = pytest.mark.skipif(
    not (IS_ROOT and HAS_PG and HAS_POSTGRES_USER.returncode == 0),
    reason="needs root, PostgreSQL's server binaries and the postgres account",
)


def _checkout(parent, mode):
    """A copy of the scripts in ``parent/checkout``, ``parent`` with the given mode."""
    parent.chmod(mode)
    checkout = parent / "checkout"
    (checkout / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "lib.sh", checkout / "scripts" / "lib.sh")
    return checkout


def _bash(checkout, script, **env):
    proc = subprocess.run(
        ["bash", "-c", f"source scripts/lib.sh && {script}"],
        cwd=checkout,
        capture_output=True,
        text=True,
        check=False,
        env=dict(os.environ, **env),
        timeout=120,
    )
    return proc.returncode, proc.stdout.strip(), proc.stderr.strip()


@needs_root_pg
def test_cluster_of_an_unreachable_checkout_starts_outside_it():
    parent = Path(tempfile.mkdtemp(prefix="crm-private-"))  # mode 0700, like mktemp -d
    checkout = _checkout(parent, 0o700)
    code, out, err = _bash(checkout, "pg_data_dir")
    pgdata = Path(out)
    try:
        assert code == 0, err
        assert checkout not in pgdata.parents, f"cluster inside the unreachable checkout: {out}"
        code, out, err = _bash(
            checkout,
            'ensure_pg && psql -d postgres -Atc "SELECT 1" && echo "data=$PGDATA_DIR"; stop_pg',
            PGPORT_WANTED="5497",
        )
        assert code == 0, f"{out}\n{err}"
        assert "1" in out.splitlines(), out
        assert f"data={pgdata}" in out, out
        assert "cannot enter" in out, "the scripts say where the cluster went"
    finally:
        shutil.rmtree(pgdata.parent, ignore_errors=True)
        shutil.rmtree(parent, ignore_errors=True)


@needs_root_pg
def test_cluster_of_a_reachable_checkout_stays_inside_it():
    parent = Path(tempfile.mkdtemp(prefix="crm-open-", dir="/var/tmp"))
    checkout = _checkout(parent, 0o755)
    try:
        code, out, err = _bash(checkout, "pg_data_dir")
        assert code == 0, err
        assert Path(out) == checkout / ".state" / "pgdata"
    finally:
        shutil.rmtree(parent, ignore_errors=True)


@pytest.mark.skipif(IS_ROOT, reason="as root the cluster belongs to the postgres account")
def test_cluster_of_an_ordinary_user_is_in_the_checkout(tmp_path):
    checkout = _checkout(tmp_path, 0o700)
    code, out, err = _bash(checkout, "pg_data_dir")
    assert code == 0, err
    assert Path(out) == checkout / ".state" / "pgdata"
