"""`dcsim check` as a coach runs it: every problem of every file in one run, each `file:line:column:` and a fix."""

from samples import TINY_PERSONA, line_of, write


def test_check_lists_every_problem_of_every_file_then_a_count(run, tmp_path):
    first = TINY_PERSONA.replace("  start: 60", "  start: sixty").replace("{to: escalated,", "{to: escalted,")
    second = TINY_PERSONA.replace("deltas: {apologise:", "deltas: {empathize:")
    write(tmp_path, "first.yaml", first)
    write(tmp_path, "second.yaml", second)
    write(tmp_path, "good.yaml", TINY_PERSONA)
    done = run("check", "first.yaml", "second.yaml", "good.yaml", cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert f"error first.yaml:{line_of(first, 'sixty')}:3: mood/start is 'sixty', which is not a whole number (like 60)" in lines
    assert any(line.startswith(f"error first.yaml:{line_of(first, 'escalted')}:") for line in lines)
    assert f"error second.yaml:{line_of(second, 'empathize')}:12: mood/deltas: 'empathize' is not one of the names " \
           "allowed there" in lines
    assert any(line.startswith("  fix: did you mean 'empathise'?") for line in lines)
    assert "ok    good.yaml" in lines
    assert lines[-1] == "4 problems in 3 files"  # the two in first.yaml leave `escalated` unreachable too


def test_check_refuses_a_file_meant_to_hurt_and_runs_nothing(run, tmp_path):
    write(tmp_path, "evil.yaml", TINY_PERSONA.replace("id: tiny", "id: !!python/object/apply:os.system ['touch pwned']"))
    done = run("check", "evil.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert "evil.yaml:2:5: the tag `!!python/object/apply:os.system ['touch pwned']`" not in done.stderr
    assert "evil.yaml:2:5: the tag `!!python/object/apply:os.system` is not allowed" in done.stderr
    assert not (tmp_path / "pwned").exists()
    assert "Traceback" not in done.stderr
