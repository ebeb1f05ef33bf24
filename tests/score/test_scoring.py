"""Each scoring rule pinned with small hand-written conversations, in English and Chinese.

The conversations go through the real recogniser (agent lines) and mood estimator (customer
lines); `heard` first checks that the recogniser hears what the test means, so a failure says
whether the rule or the hearing changed.
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from simulator.datafile import DataError, packaged
from simulator.engine.session import Turn
from simulator.moves import BAD_MOVES, GOOD_MOVES
from simulator.recognition.recogniser import recognise
from simulator.score.scoring import (
    Ending,
    Weights,
    WeightsError,
    default_weights,
    score,
    score_turns,
)

LINES = {
    "en": {
        "apologise": "I'm so sorry about this.",
        "empathise": "I can see why you're upset.",
        "own": "That was our mistake, and I'll see it through.",
        "help": "I'll reconnect your line right now.",
        "restate": "So you were billed twice in March?",
        "ask": "Which date was the payment made?",
        "policy_wall": "That's company policy.",
        "blame_customer": "You must have typed it wrong.",
        "dismiss": "It's only five dollars.",
        "hedge": "Maybe, I'll try, hopefully.",
        "deflect": "You'll have to call the manufacturer.",
        "insult": "Can't you read?",
        "doubt": "Are you sure you actually paid?",
        "sorry": "I'm sorry.",
        "sorry_help": "I'm sorry, I'll refund the charge today.",
    },
    "zh": {
        "apologise": "真对不起,给您添麻烦了。",
        "empathise": "换了谁都会着急。",
        "own": "这是我们的失误,我来负责。",
        "help": "我马上为您办理退款。",
        "restate": "您的意思是您被多扣了一次费,是吗?",
        "ask": "您是哪天交的费?",
        "policy_wall": "公司规定就是这样。",
        "blame_customer": "是您自己没看清楚。",
        "dismiss": "这种问题我们见得多了。",
        "hedge": "我尽量吧,应该可以吧。",
        "deflect": "这不归我们管,您去问别人。",
        "insult": "你看不懂中文吗",
        "doubt": "您确定您真的交过费吗?",
        "sorry": "对不起。",
        "sorry_help": "非常抱歉,我马上为您办理退款。",
    },
}
EXPECTED = {"sorry": {"apologise"}, "sorry_help": {"apologise", "help"}}
LANGS = ("en", "zh")
ANGRY = Ending(None, 85, 60, 85, None)


def heard(lang: str, *keys: str) -> list[list[str]]:
    """The moves of each line, after checking the recogniser hears the intended move."""
    replies = []
    for key in keys:
        moves = {m.name for m in recognise(LINES[lang][key], lang=lang, semantic=False)}
        wanted = EXPECTED.get(key, {key})
        assert wanted <= moves, f"recogniser no longer hears {wanted} in {LINES[lang][key]!r}: {moves}"
        replies.append(sorted(moves))
    return replies


def item(result, name: str):
    found = result.item(name)
    assert found is not None, f"no item {name}"
    return found


def adds_up(result) -> None:
    assert result.total == sum(i.points for i in result.items)
    assert 0 <= result.total <= 100


# --- the weights -----------------------------------------------------------------------------

def test_the_built_in_weights_are_out_of_100():
    weights = default_weights()
    assert weights.earnable() == 100


def coach_file(tmp_path, change) -> str:
    """A copy of the built-in weights with a coach's change, as a file."""
    data = yaml.safe_load(packaged("coaching", "scoring.yaml").read_text("utf-8"))
    change(data)
    path = tmp_path / "weights.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_a_coach_may_move_points_between_items(tmp_path):
    def change(data):
        data["steps"]["help"] = 14
        data["mood"]["points"] = 16
        data["penalties"]["moves"]["policy_wall"] = 10
    weights = Weights.load(coach_file(tmp_path, change))
    result = score(heard("en", "help", "policy_wall"), ANGRY, weights=weights)
    assert item(result, "step:help").points == 14
    assert item(result, "penalty:policy_wall").points == -10
    adds_up(result)


def test_weights_that_do_not_add_up_to_100_are_refused_with_the_fix(tmp_path):
    path = coach_file(tmp_path, lambda d: d["steps"].update(help=20))
    with pytest.raises(WeightsError, match="add up to 110, not 100"):
        Weights.load(path)


def test_an_unknown_bad_move_in_the_weights_is_named(tmp_path):
    path = coach_file(tmp_path, lambda d: d["penalties"]["moves"].update(shouting=5))
    with pytest.raises(DataError, match=r"weights.yaml:\d+:\d+: .*'shouting'"):
        Weights.load(path)


def test_a_missing_section_is_named(tmp_path):
    path = coach_file(tmp_path, lambda d: d.pop("timeliness"))
    with pytest.raises(DataError, match="timeliness"):
        Weights.load(path)


# --- the four steps, order and timeliness ---------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_each_step_earns_its_points_once_at_the_first_reply_that_does_it(lang):
    result = score(heard(lang, "apologise", "empathise", "own", "help", "sorry"), ANGRY)
    assert result.steps == {"apologise": 1, "empathise": 2, "own": 3, "help": 4}
    for step, points in (("apologise", 8), ("empathise", 8), ("own", 8), ("help", 10)):
        assert item(result, f"step:{step}").points == points
        assert item(result, f"step:{step}").turns == [result.steps[step]]
    adds_up(result)


@pytest.mark.parametrize("lang", LANGS)
def test_a_missing_step_earns_nothing_and_says_so(lang):
    result = score(heard(lang, "apologise", "help"), ANGRY)
    assert item(result, "step:empathise").points == 0
    assert item(result, "step:own").note == "missing"
    assert result.step_status("own") == "missing"


@pytest.mark.parametrize("lang", LANGS)
def test_feelings_before_solutions_earns_the_order_points(lang):
    result = score(heard(lang, "empathise", "help"), ANGRY)
    order = item(result, "order:feelings_first")
    assert (order.points, order.turns) == (8, [1, 2])


@pytest.mark.parametrize("lang", LANGS)
def test_a_solution_thrown_at_raw_feelings_loses_the_order_points(lang):
    result = score(heard(lang, "help", "apologise"), ANGRY)
    order = item(result, "order:feelings_first")
    assert order.points == 0
    assert "solution in reply 1 before the feelings (reply 2)" == order.note


@pytest.mark.parametrize("lang", LANGS)
def test_feelings_with_no_solution_ever_offered_earn_no_order_points(lang):
    result = score(heard(lang, "sorry", "empathise", "sorry"), ANGRY)
    order = item(result, "order:feelings_first")
    assert order.points == 0
    assert order.note == "feelings acknowledged (reply 1) but no solution followed"
    assert item(result, "step:apologise").points == 8


@pytest.mark.parametrize("lang", LANGS)
def test_feelings_and_help_in_the_same_reply_are_in_order(lang):
    result = score(heard(lang, "sorry_help"), ANGRY)
    assert item(result, "order:feelings_first").points == 8


@pytest.mark.parametrize("reply, points", [(1, 8), (2, 8), (3, 6), (4, 4), (5, 2), (6, 0)])
def test_timeliness_falls_after_the_second_reply(reply, points):
    replies = [["ask"]] * (reply - 1) + [["empathise"]]
    result = score(replies, ANGRY)
    timely = item(result, "timeliness")
    assert timely.points == points
    assert timely.turns == [reply]


@pytest.mark.parametrize("lang", LANGS)
def test_timeliness_in_a_conversation(lang):
    late = score(heard(lang, "ask", "restate", "help", "apologise"), ANGRY)
    early = score(heard(lang, "apologise", "ask", "restate", "help"), ANGRY)
    assert item(late, "timeliness").points == 4
    assert item(early, "timeliness").points == 8


# --- listening -------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_restating_and_clarifying_questions_earn_listening_points(lang):
    result = score(heard(lang, "restate", "ask"), ANGRY)
    assert (item(result, "listening:restate").points, item(result, "listening:restate").turns) == (5, [1])
    assert (item(result, "listening:ask").points, item(result, "listening:ask").turns) == (5, [2])
    silent = score(heard(lang, "help"), ANGRY)
    assert item(silent, "listening:restate").points == item(silent, "listening:ask").points == 0


# --- penalties -------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("move, points", [("policy_wall", 6), ("blame_customer", 8), ("dismiss", 8),
                                          ("deflect", 6), ("insult", 12), ("doubt", 8)])
def test_each_forbidden_move_costs_its_points_in_every_reply_it_is_heard(lang, move, points):
    result = score(heard(lang, "apologise", move, "help", move), ANGRY)
    penalty = item(result, f"penalty:{move}")
    assert penalty.points == -2 * points
    assert penalty.turns == [2, 4]
    adds_up(result)


@pytest.mark.parametrize("lang", LANGS)
def test_uncertain_wording_costs_the_wording_points(lang):
    result = score(heard(lang, "apologise", "hedge"), ANGRY)
    hedge = item(result, "penalty:hedge")
    assert (hedge.points, hedge.turns) == (-3, [2])
    assert hedge.note.startswith("uncertain wording")


@pytest.mark.parametrize("lang", LANGS)
def test_apologising_again_and_again_without_acting_is_penalised(lang):
    result = score(heard(lang, "sorry", "sorry", "sorry", "sorry"), ANGRY)
    loop = item(result, "penalty:apology_loop")
    assert (loop.points, loop.turns) == (-8, [3, 4])


@pytest.mark.parametrize("lang", LANGS)
def test_an_apology_with_an_action_is_not_part_of_a_loop(lang):
    result = score(heard(lang, "sorry", "sorry", "sorry_help", "sorry", "sorry"), ANGRY)
    assert item(result, "penalty:apology_loop").points == 0


def test_each_goodbye_with_nothing_sorted_costs_points_in_a_practice_call():
    result = score([["apologise"], ["close"], ["help"], ["close"]], ANGRY, early_goodbyes=[1])
    early = item(result, "penalty:early_goodbye")
    assert (early.points, early.turns, early.note) == (-6, [2], "goodbye with nothing sorted in reply 2")
    adds_up(result)


def test_each_booking_of_what_the_customer_turned_down_costs_points_in_a_practice_call():
    result = score([["apologise"], ["help", "ask"], ["help"], ["help"]], ANGRY, early_goodbyes=[], not_picked=[2])
    wrong = item(result, "penalty:not_picked")
    assert (wrong.points, wrong.turns, wrong.note) == (-4, [3], "booked what the customer turned down in reply 3")
    adds_up(result)


def test_a_transcript_cannot_tell_an_early_goodbye_and_has_no_such_item():
    result = score([["close"], ["help"]], ANGRY)
    assert "penalty:early_goodbye" not in result.to_dict()["breakdown"]


def test_a_coach_file_from_before_early_goodbyes_costs_them_nothing(tmp_path):
    weights = Weights.load(coach_file(tmp_path, lambda d: d["penalties"].pop("early_goodbye")))
    assert item(score([["close"]], ANGRY, weights=weights, early_goodbyes=[0]), "penalty:early_goodbye").points == 0


def test_penalties_never_take_the_total_below_zero():
    result = score([["insult", "blame_customer", "doubt"]] * 6, Ending("escalated", 85, 100, 100, 6))
    assert result.total == 0
    floor = item(result, "floor")
    assert floor.points > 0
    adds_up(result)


# --- outcome and mood ------------------------------------------------------------------------

@pytest.mark.parametrize("outcome, points", [("satisfied", 20), ("escalated", 0), ("hung_up", 0), ("exposure", 0)])
def test_the_outcome_item(outcome, points):
    result = score([["help"]], Ending(outcome, 85, 40, 85, 1))
    assert item(result, "outcome").points == points
    assert item(result, "outcome").turns == [1]


def test_an_unfinished_call_earns_part_of_the_outcome_by_how_calm_it_ended():
    assert item(score([["help"]], Ending(None, 85, 40, 85, 1)), "outcome").points == 6   # 20 * 0.5 * 0.6
    assert item(score([["help"]], Ending(None, 85, 100, 100, 1)), "outcome").points == 0


@pytest.mark.parametrize("final, points", [(0, 20), (30, 14), (64, 7), (100, 0)])
def test_the_mood_item_follows_where_the_anger_ended(final, points):
    result = score([["help"]], Ending(None, 85, final, 85, 1))
    assert item(result, "mood").points == points
    assert item(result, "mood").note == f"anger from 85 to {final}"


def test_an_unknown_mood_earns_no_mood_points():
    assert item(score([["help"]], Ending()), "mood").points == 0


def test_a_calm_customer_does_not_need_the_feelings_steps():
    calm = score([["help"], ["close"]], Ending("satisfied", 40, 20, 40, 3))
    for name in ("step:apologise", "step:empathise", "step:own", "order:feelings_first", "timeliness"):
        assert item(calm, name).points == item(calm, name).max, name
        assert item(calm, name).note.startswith("not needed")
    assert calm.step_status("empathise") == "not_needed"
    assert calm.to_dict()["steps"]["own"] == {"done": False, "turn": None, "status": "not_needed"}
    upset = score([["help"], ["close"]], Ending("satisfied", 70, 20, 70, 3))
    assert item(upset, "step:apologise").points == 0


def test_a_mildly_upset_customer_needed_the_feelings_steps_in_part():
    """Between `upset_at` (45) and `fully_upset_at` (65) the not-needed credit tapers off."""
    def feelings_points(peak: int) -> int:
        result = score([["help"], ["close"]], Ending("satisfied", peak, 20, peak, 3))
        return sum(item(result, name).points for name in ("step:apologise", "step:empathise", "step:own",
                                                          "order:feelings_first", "timeliness"))

    points = [feelings_points(peak) for peak in (40, 44, 46, 55, 64, 65, 80)]
    assert points[0] == points[1] == 40 and points[-2] == points[-1] == 0
    assert points == sorted(points, reverse=True)
    assert points[1] - points[2] <= 4            # 44 and 46 are two points of anger, not 40 points of score
    mild = score([["help"]], Ending("satisfied", 55, 20, 55, 2))
    assert item(mild, "step:empathise").note == "partly needed: the customer's anger peaked at 55"
    assert mild.step_status("empathise") == "missing"


def test_a_coach_file_without_a_taper_keeps_the_sharp_line(tmp_path):
    data = yaml.safe_load(packaged("coaching", "scoring.yaml").read_text("utf-8"))
    del data["calm_customer"]["fully_upset_at"]
    (tmp_path / "sharp.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    sharp = Weights.load(tmp_path / "sharp.yaml")
    assert [sharp.calm_share(peak) for peak in (44, 45, 90)] == [1.0, 0.0, 0.0]


def test_transcript_ids_name_the_turns():
    result = score([["apologise"], ["policy_wall"]], ANGRY, ids=[2, 4])
    assert result.steps["apologise"] == 2
    assert item(result, "penalty:policy_wall").turns == [4]


def test_score_turns_reads_practice_turn_records():
    said = {"text": "…", "state_before": "venting", "state": "venting", "reply": "…"}
    turns = [Turn.from_dict({"index": 1, "moves": ["apologise"], "mood_before": 85, "mood_after": 77, **said}),
             Turn.from_dict({"index": 2, "moves": ["help"], "mood_before": 77, "mood_after": 70, **said})]
    result = score_turns(turns, None, start_mood=85)
    assert item(result, "mood").note == "anger from 85 to 70"
    assert item(result, "mood").turns == [2]
    assert item(result, "penalty:early_goodbye").points == 0  # a record from before early goodbyes has none


def test_the_json_form_keeps_the_contract():
    data = score([["apologise"], ["help"]], ANGRY).to_dict()
    assert set(data) >= {"total", "breakdown", "steps", "outcome"}
    assert data["breakdown"]["step:help"] == {"name": "step:help", "points": 10, "max": 10, "turns": [2],
                                              "note": "done in reply 2"}
    assert data["steps"]["apologise"]["done"] is True


# --- the breakdown always adds up ------------------------------------------------------------

moves_strategy = st.lists(st.lists(st.sampled_from(GOOD_MOVES + BAD_MOVES), max_size=4), max_size=12)
mood = st.integers(min_value=0, max_value=100)


@given(moves_strategy, st.sampled_from([None, "satisfied", "escalated", "hung_up", "exposure"]), mood, mood)
def test_the_breakdown_always_adds_up_to_a_total_out_of_100(replies, outcome, start, final):
    result = score(replies, Ending(outcome, start, final, max(start, final), len(replies) or None))
    adds_up(result)
    assert sum(i.max for i in result.items) == 100
    for it in result.items:
        assert all(isinstance(t, int) for t in it.turns)
