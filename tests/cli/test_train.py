"""`dcsim train`: a coach's own examples, and whether the model in use knows them."""


def test_with_no_examples_of_ones_own_there_is_nothing_to_train(run, home):
    done = run("train")
    assert done.returncode == 0, done.stderr
    assert "no examples of your own" in done.stdout and str(home / "examples") in done.stdout.replace("\n", "")


def test_check_says_when_ones_own_examples_are_not_in_the_model_yet(run, home):
    (home / "examples").mkdir()
    (home / "examples" / "zh-mine.yaml").write_text("close:\n  - 水开了,您先去忙\n", encoding="utf-8")
    done = run("train", "--check")
    assert done.returncode == 1, done.stderr
    assert "zh: your examples are not in the model yet" in done.stdout
