"""The GitHub Action's steps, run as a script in a temporary repository with a fresh install."""

from __future__ import annotations

import json
import os
import subprocess
import venv
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_action_steps_annotate_summarise_and_fail(tmp_path: Path) -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=True, system_site_packages=True).create(env_dir)
    repo = tmp_path / "repo"
    (repo / "src").mkdir(parents=True)
    (repo / "src" / "app.py").write_text(
        'client.chat.completions.create(model="deepseek-chat", messages=[])\n'
    )
    (repo / "src" / "ok.py").write_text('model = "gpt-4o"\n')
    summary = tmp_path / "summary.md"
    sarif = tmp_path / "out.sarif"
    inputs = {"paths": "src", "version": "", "args": "--fail-on error", "sarif-file": str(sarif)}
    env = {
        **os.environ,
        "PATH": f"{env_dir / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_STEP_SUMMARY": str(summary),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    env.pop("VIRTUAL_ENV", None)
    outputs = []
    for step in action["runs"]["steps"]:
        step_env = dict(env)
        for key, value in step.get("env", {}).items():
            step_env[key] = (
                value.replace("${{ github.action_path }}", str(ROOT))
                .replace("${{ inputs.version }}", inputs["version"])
                .replace("${{ inputs.paths }}", inputs["paths"])
                .replace("${{ inputs.args }}", inputs["args"])
                .replace("${{ inputs.sarif-file }}", inputs["sarif-file"])
            )
        assert "${{" not in step["run"], "inputs reach scripts only through env"
        outputs.append(
            subprocess.run(
                ["bash", "-c", step["run"]],
                cwd=repo,
                env=step_env,
                capture_output=True,
                text=True,
                timeout=600,
            )
        )
    install, check = outputs
    assert install.returncode == 0, install.stderr
    assert (env_dir / "bin" / "deepseek-migrate").exists()
    assert check.returncode == 1
    assert check.stdout.startswith("::error file=src/app.py,line=1,col=38,")
    assert "title=deepseek-migrate (DSM101)::" in check.stdout
    text = summary.read_text()
    assert "src/app.py" in text and "DSM101" in text and "deepseek-v4-flash" in text
    report = json.loads(sarif.read_text())
    assert report["version"] == "2.1.0"
    assert report["runs"][0]["results"][0]["ruleId"] == "DSM101"
