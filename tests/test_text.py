"""The numbers a restatement can get wrong, and how they are compared."""

from simulator.text import known, numbers, times, written_numbers


def test_numbers_are_read_with_their_unit_in_digits_chinese_and_english_words():
    assert numbers("¥486.50 on 4月15日") == {(486.5, ""), (4.0, "月"), (15.0, "号")}
    assert numbers("住院九天,十二年的老用户,二十五块") == {(9.0, "天"), (12.0, "年"), (25.0, "元")}


def test_a_number_before_hao_that_is_no_day_is_an_identifier():
    """Play-test 17: "00179342号支票" was a day, so the right cheque number was "corrected"."""
    assert numbers("4月2日寄的00179342号支票") == {(4.0, "月"), (2.0, "号"), (179342.0, "")}
    assert numbers("¥60, 36 days, 3 calls") == {(60.0, ""), (36.0, "day"), (3.0, "call")}


def test_number_words_in_english_are_not_read():
    """"twenty-nine yuan nineteen" is ¥29.19: read word by word it would have a right restatement corrected."""
    assert numbers("the late fee of twenty-nine yuan nineteen") == set()
    assert numbers("¥3,299") == {(3299.0, "")}


def test_a_pronoun_or_a_one_counts_nothing():
    assert numbers("the one you changed, 一个问题") == set()


def test_a_number_with_a_unit_needs_the_same_unit_and_one_without_matches_any():
    case = numbers("住院九天,保单买了五年")
    assert known((9.0, "天"), case) and not known((5.0, "天"), case) and known((5.0, ""), case)
    assert known((486.0, ""), numbers("¥486.50")) and not known((486.5, ""), numbers("¥486"))


def test_the_same_unit_written_otherwise_is_the_same():
    assert numbers("两个星期 这两周 15日 25块 3个钟头") == {(2.0, "周"), (15.0, "号"), (25.0, "元"), (3.0, "小时")}


def test_each_number_keeps_its_words_so_the_customer_can_name_a_wrong_one():
    assert [w for w, _ in written_numbers("住院五天,¥3,299, 36 days")] == ["五天", "¥3,299", "36 days"]
    assert written_numbers("3月13号") == [("3月", (3.0, "月")), ("13号", (13.0, "号"))]


def test_times_offered_are_read_as_hours_from_the_start_of_today():
    assert times("Would 8am or 2pm suit you?", "en") == [8.0, 14.0]
    assert times("at 19:45, or first thing tomorrow", "en") == [19.75, 36.0]
    assert times("now or tomorrow?", "en") == [-1.0, 36.0]
    assert times("您看九点还是下午三点半?", "zh") == [9.0, 15.5]
    assert times("Morning 9 to 11, or 11 to 1?", "en") == [9.0, 11.0]  # slots, by where they start
    assert times("3 to 5 working days or 7 to 10 days", "en") == []
    assert times("现在电话里交,还是明天去营业厅交?", "zh") == [-1.0, 36.0]
    # an hour is on the day and part of day last named (play-test 23: 下午两点或者四点 read four as 4 a.m.)
    assert times("今天下午两点或者四点", "zh") == [14.0, 16.0]
    assert times("今天下午三点,还是明天九点?", "zh") == [15.0, 33.0]
    assert times("Would 9 o'clock or 11 o'clock suit you?", "en") == [9.0, 11.0]
