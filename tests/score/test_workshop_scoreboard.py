"""The workshop scoreboard compares trainees turn by turn and side by side."""

from engine.test_workshop_room import spelt_out
from simulator.engine.session import Session
from simulator.engine.workshop import Workshop
from simulator.score.workshop import scoreboard, workshop_record


def played(emotional, line_cut_off):
    room = Workshop(Session(emotional, line_cut_off, "en", seed=3, recogniser=spelt_out), ["Ana", "Bo", "Chen"])
    room.say("apologise")
    room.say("policy_wall")
    room.rewind(1)
    room.say("empathise dismiss")
    room.say("own")
    room.say("help")
    return room


def test_each_row_says_who_took_which_step_and_which_bad_move(emotional, line_cut_off):
    board = scoreboard(played(emotional, line_cut_off))
    assert [(r.turn, r.trainee, r.steps, r.bad_moves, r.rewound) for r in board.rows] == [
        (1, "Ana", ("apologise",), (), False), (2, "Bo", (), ("policy_wall",), True),
        (2, "Bo", ("empathise",), ("dismiss",), False), (3, "Chen", ("own",), (), False),
        (4, "Ana", ("help",), (), False)]
    assert board.rows[1].mood_change > 0 > board.rows[0].mood_change


def test_each_trainee_has_figures_over_the_turns_kept(emotional, line_cut_off):
    ana, bo, chen = scoreboard(played(emotional, line_cut_off)).trainees
    assert (ana.trainee, ana.turns, ana.rewound) == ("Ana", 2, 0)
    assert ana.steps == {"apologise": [1], "empathise": [], "own": [], "help": [4]}
    assert (bo.turns, bo.rewound, bo.bad_moves, bo.bad_per_turn) == (1, 1, {"dismiss": 1}, 1.0)
    assert ana.mean_mood_change == sum(ana.mood_changes) / 2 and len(chen.mood_changes) == 1


def test_the_record_keeps_the_rewound_branch_and_scores_the_call_as_it_stands(emotional, line_cut_off):
    room = played(emotional, line_cut_off)
    record = workshop_record(room)
    assert record["trainees"] == ["Ana", "Bo", "Chen"]
    assert [t.get("rewound", False) for t in record["turns"]] == [False, True, False, False, False]
    assert [s["trainee"] for s in record["scoreboard"]] == ["Ana", "Bo", "Chen"]
    assert record["outcome"] == room.session.outcome and isinstance(record["score"], int)
    assert len(record["mood_curve"]) == len(room.kept) + 1
