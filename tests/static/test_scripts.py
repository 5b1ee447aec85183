"""The scripts work from any checkout location: where the ``postgres`` account cannot enter
the checkout (a ``mktemp -d`` folder, a home directory of mode 0700) and the scripts run
as root, the cluster goes where it can, and really starts there. Needs PostgreSQL's server
binaries and, for the root cases, root; no Odoo."""

import os
import shutil
import subprocess
import tempfile
import textwrap
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


# --- Odoo fetched on a fresh machine (find_or_fetch_odoo in scripts/lib.sh) ----------------
# The machine's python3 may import Odoo (setup.sh writes a .pth file): the tests run the shell
# function with PYTHON set to `python3 -S`, which reads no .pth file and so imports no Odoo,
# and with a local git repository standing in for github.com/odoo/odoo.

RELEASE_18 = "version_info = (18, 0, 0, 'final', 0, '')\nversion = '18.0'\n"


def _git(cwd, *args):
    subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.com", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def _fake_odoo_repo(path, release=RELEASE_18):
    """A git repository with a branch 18.0 of two commits holding an odoo/release.py."""
    (path / "odoo").mkdir(parents=True)
    _git(path, "init", "-q", "-b", "18.0")
    (path / "odoo" / "__init__.py").write_text("")
    (path / "odoo" / "release.py").write_text("version_info = (17, 0, 0, 'final', 0, '')\n")
    _git(path, "add", "-A")
    _git(path, "commit", "-q", "-m", "first")
    (path / "odoo" / "release.py").write_text(release)
    _git(path, "commit", "-q", "-am", "second")
    return f"file://{path}"


def _executable(path, text):
    path.write_text(text)
    path.chmod(0o755)
    return path


@pytest.fixture
def fetch_env(tmp_path):
    """Runs find_or_fetch_odoo with no ODOO_PATH, no importable Odoo and a cache of its own."""
    python = _executable(tmp_path / "python-without-odoo", '#!/bin/sh\nexec python3 -S "$@"\n')
    probe = subprocess.run([python, "-c", "import odoo"], capture_output=True, check=False)
    assert probe.returncode != 0, "the wrapper must not import odoo"
    cache = tmp_path / "cache" / "crm_contract" / "odoo-18.0"
    base = {k: v for k, v in os.environ.items() if k not in {"ODOO_PATH", "PYTHONPATH"}}
    base.update(PYTHON=str(python), ODOO_CACHE_DIR=str(cache), ODOO_GIT_URL="file:///nowhere")

    def run(**env):
        proc = subprocess.run(
            ["bash", "-c", "set -euo pipefail; source scripts/lib.sh; find_or_fetch_odoo"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            env=dict(base, **env),
            timeout=120,
        )
        return proc.returncode, proc.stdout.strip(), proc.stderr

    run.cache = cache
    return run


def _leftovers(cache):
    """What a fetch left beside the cache folder (the cache itself excepted)."""
    return (
        sorted(p.name for p in cache.parent.glob("*") if p != cache)
        if cache.parent.exists()
        else []
    )


def test_fetch_clones_odoo_into_the_cache_once(fetch_env, tmp_path):
    url = _fake_odoo_repo(tmp_path / "origin")
    cache = fetch_env.cache
    code, out, err = fetch_env(ODOO_GIT_URL=url)
    assert code == 0, err
    assert out == str(cache)
    assert (cache / "odoo" / "release.py").read_text() == RELEASE_18
    shallow = subprocess.run(
        ["git", "-C", cache, "rev-parse", "--is-shallow-repository", "--abbrev-ref", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert shallow == ["true", "18.0"], "a shallow clone (--depth 1) of the branch 18.0"
    for said in (
        "fetching Odoo 18.0 Community",
        url,
        str(cache),
        "several minutes",
        "about 1 GB",
        "ODOO_PATH",
        "Odoo 18.0 fetched in",
    ):
        assert said in err, f"{said!r} not said:\n{err}"
    assert _leftovers(cache) == [], "no temporary folder left beside the cache"

    # the second run reuses the cache: no clone (the origin is gone), nothing said
    shutil.rmtree(tmp_path / "origin")
    code, out, err = fetch_env(ODOO_GIT_URL=url)
    assert (code, out, err) == (0, str(cache), "")


def test_failed_fetch_says_what_to_do_and_leaves_no_cache(fetch_env, tmp_path):
    bad = f"file://{tmp_path}/no-such-repository"
    code, out, err = fetch_env(ODOO_GIT_URL=bad)
    assert (code, out) == (2, "")
    assert f"Odoo 18.0 could not be fetched from {bad}" in err, err
    assert "Set ODOO_PATH" in err, err
    assert not fetch_env.cache.exists()
    assert _leftovers(fetch_env.cache) == []


def test_failed_clone_leaves_no_half_clone(fetch_env, tmp_path):
    """A clone that dies half way (here a fake git that writes odoo/release.py and fails)
    leaves nothing that a later run would take for a good cache."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _executable(
        bin_dir / "git",
        textwrap.dedent(f"""\
        #!/bin/sh
        for last; do :; done
        mkdir -p "$last/odoo" && printf '%s' "{RELEASE_18}" > "$last/odoo/release.py"
        echo "fatal: the remote end hung up unexpectedly" >&2
        exit 128
        """),
    )
    code, out, err = fetch_env(PATH=f"{bin_dir}:{os.environ['PATH']}")
    assert (code, out) == (2, ""), err
    assert "git clone failed" in err, err
    assert not fetch_env.cache.exists()
    assert _leftovers(fetch_env.cache) == []
    code, out, err = fetch_env(ODOO_FETCH="0")
    assert (code, out) == (2, ""), "the failed clone is not taken for a cache"
    assert "ODOO_FETCH=0" in err


def test_fetched_branch_must_hold_odoo_18(fetch_env, tmp_path):
    url = _fake_odoo_repo(tmp_path / "origin", release="version_info = (19, 0, 0)\n")
    code, out, err = fetch_env(ODOO_GIT_URL=url)
    assert (code, out) == (2, "")
    assert "holds no Odoo 18" in err, err
    assert not fetch_env.cache.exists()
    assert _leftovers(fetch_env.cache) == []
    # a cache folder that holds something else is said, neither used nor overwritten
    fetch_env.cache.mkdir(parents=True)
    (fetch_env.cache / "notes.txt").write_text("mine")
    code, out, err = fetch_env(ODOO_GIT_URL=_fake_odoo_repo(tmp_path / "good"))
    assert (code, out) == (2, "")
    assert "exists but holds no Odoo 18" in err and "remove it first" in err, err
    assert [p.name for p in fetch_env.cache.iterdir()] == ["notes.txt"]


def test_odoo_path_wins_and_nothing_is_fetched(fetch_env, tmp_path):
    tree = tmp_path / "my-odoo"
    (tree / "odoo").mkdir(parents=True)
    (tree / "odoo" / "release.py").write_text(RELEASE_18)
    code, out, err = fetch_env(ODOO_PATH=str(tree))
    assert (code, out, err) == (0, str(tree), "")
    # a wrong ODOO_PATH is said, not replaced by a download
    code, out, err = fetch_env(ODOO_PATH=str(tmp_path / "nothing"))
    assert (code, out) == (2, "")
    assert "is not an Odoo 18.0 source tree" in err and "fetching" not in err, err
    assert not fetch_env.cache.exists()


def test_importable_odoo_18_is_used_and_nothing_is_fetched(fetch_env, tmp_path):
    site = tmp_path / "site"
    (site / "odoo").mkdir(parents=True)
    (site / "odoo" / "__init__.py").write_text("")
    (site / "odoo" / "release.py").write_text(RELEASE_18)
    code, out, err = fetch_env(PYTHONPATH=str(site))
    assert (code, out, err) == (0, str(site), "")
    assert not fetch_env.cache.exists()
