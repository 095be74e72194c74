"""Answers for ch04-audiences-and-authenticity: see README.md in this folder.

bilingual_window: with half the dialogue local and no subtitles, the film reaches both
audiences from 0.35 to 0.51 authenticity. closing_reason: "b", the international
mainstream segment's loss. highest_bar: the local-language film with subtitles reaches
both audiences at best at 0.523 (at 38% authenticity).
"""

WRONG = {
    "bilingual_window_answer": [
        # the window of a local-language film with subtitles: a different setting
        "bilingual_window = (0.33, 0.47)",
        # read off the explorable's 10% steps, where only 40% and 50% reach both
        "bilingual_window = (0.4, 0.5)",
        # the right window in percentages
        "bilingual_window = (35, 51)",
        # the window with subtitles added: another setting again
        "bilingual_window = (0.36, 0.61)",
    ],
    "closing_reason_answer": [
        # the arthouse segment's favourite mix (70%) mistaken as already passed
        'closing_reason = "a"',
        # authenticity confused with the language of the dialogue
        'closing_reason = "c"',
        # the versioning cost, which this film does not pay
        'closing_reason = "d"',
    ],
    "highest_bar_answer": [
        # the bar the explorable uses, not the highest that still holds
        "highest_bar = 0.5",
        # the authenticity share at which the weaker market does best, not its score
        "highest_bar = 0.38",
        # the same film with subtitles and dubbing
        "highest_bar = 0.63",
        # the same film without any versioning
        "highest_bar = 0.27",
    ],
}

RIGHT = {
    "bilingual_window_answer": [
        # a finer search
        "both = []\n"
        "for i in range(0, 1001):\n"
        "    if reception(i * 0.001, 0.5, 0.0).reaches_both:\n"
        "        both.append(i * 0.001)\n"
        "bilingual_window = (both[0], both[-1])",
        # a list where a pair was asked for
        "bilingual_window = [0.35, 0.51]",
    ],
    "closing_reason_answer": ['closing_reason = "B"', 'closing_reason = " b "'],
    "highest_bar_answer": [
        # rounded as the question allows
        "highest_bar = 0.52",
        # found by raising the bar with reached= until no mix reaches both
        "highest_bar = 0\n"
        "for k in range(0, 101):\n"
        "    bar = k * 0.01\n"
        "    for i in range(0, 101):\n"
        "        if reception(i * 0.01, 1.0, 0.5, reached=bar).reaches_both:\n"
        "            highest_bar = bar\n"
        "            break",
    ],
}
