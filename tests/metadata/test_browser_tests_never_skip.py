"""Where a bench is, a browser test without Chromium fails: it never skips (tests/bench.py), so a
fresh machine cannot pass the suite by leaving the pages untested. tests/run installs Chromium
when it may."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BROWSER_TEST = "import pytest\n\n\n@pytest.mark.browser\ndef test_a_page():\n\tpass\n"


def run_browser_test(tmp_path: Path, bench: Path) -> subprocess.CompletedProcess:
	test = tmp_path / "test_a_page.py"
	test.write_text(BROWSER_TEST)
	env = {**os.environ, "AMBON112_BENCH": str(bench), "AMBON112_CHROMIUM": str(tmp_path / "no-chromium")}
	command = [sys.executable, "-m", "pytest", "-c", str(REPO / "pytest.ini"), "--rootdir", str(REPO)]
	return subprocess.run(
		[*command, "-p", "no:cacheprovider", str(test)], cwd=REPO, env=env, capture_output=True, text=True
	)


def test_a_browser_test_fails_when_a_bench_is_present_and_chromium_is_not(tmp_path):
	bench = tmp_path / "bench"  # what tests/bench.py recognises as a bench
	(bench / "apps" / "frappe").mkdir(parents=True)
	(bench / "env" / "bin").mkdir(parents=True)
	(bench / "env" / "bin" / "python").touch()
	run = run_browser_test(tmp_path, bench)
	summary = run.stdout.strip().splitlines()[-1]
	assert run.returncode == 1 and "1 error" in summary and "skipped" not in summary, run.stdout
	assert "BROWSER TEST CANNOT RUN: no Chromium" in run.stdout, run.stdout


def test_without_a_bench_the_browser_test_is_not_forced(tmp_path):
	run = run_browser_test(tmp_path, tmp_path / "no-bench")
	assert run.returncode == 0, run.stdout
	assert "1 passed" in run.stdout, run.stdout
