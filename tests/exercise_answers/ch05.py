"""Answers for ch05-stewardship-and-policy: see README.md in this folder."""

WRONG = {
    "overtake_year_answer": [
        # The three-year review: the date the producers want the policy judged by.
        "overtake_year = 3",
        # Only the final year compared, where training first is clearly ahead.
        "overtake_year = 10",
        # The year the incentives-first lead is largest, read as the turning point.
        "overtake_year = 2",
    ],
    "heritage_floor_answer": [
        # The right threshold written as a percentage.
        "heritage_floor = 16",
        # Judged after three years instead of ten: the archive has decayed less by then.
        "heritage_floor = None\n"
        "for step in range(0, 61):\n"
        "    h = 0.01 * step\n"
        "    result = policy_lab(0.2, 0.6 - h, h, 0.2, years=3)\n"
        "    if not result.changes[2] < 0:\n"
        "        heritage_floor = h\n"
        "        break",
        # Judged after twenty years.
        "heritage_floor = 0.18",
        # The archive's starting level read as the share that keeps it there.
        "heritage_floor = 0.5",
    ],
    "reach_choice_answer": [
        # The largest rise in reach, ignoring goal 1 (distinctiveness ends below its start).
        'reach_choice = "a"',
        # The safest split for the home indicators, though its reach barely moves.
        'reach_choice = "d"',
        # Equal parts sounds balanced, but the archive and distinctiveness fall.
        'reach_choice = "b"',
    ],
}

RIGHT = {
    "overtake_year_answer": [
        "overtake_year = 5.0",
        # The same year found from the final levels of shorter runs.
        "overtake_year = None\n"
        "for years in range(1, 11):\n"
        "    training = policy_lab(0.1, 0.6, 0.2, 0.1, years=years).final[0]\n"
        "    incentives = policy_lab(0.6, 0.1, 0.2, 0.1, years=years).final[0]\n"
        "    if incentives < training:\n"
        "        overtake_year = years\n"
        "        break",
    ],
    "heritage_floor_answer": [
        # A finer search: the threshold lies at about 0.153.
        "heritage_floor = 0.153",
        "heritage_floor = 0.16",
        # Judged by the final level against 0.5 instead of the change.
        "heritage_floor = None\n"
        "for step in range(0, 61):\n"
        "    h = 0.01 * step\n"
        "    if 0.5 <= policy_lab(0.2, 0.6 - h, h, 0.2).final[2]:\n"
        "        heritage_floor = h\n"
        "        break",
    ],
    "reach_choice_answer": ['reach_choice = "C"', "reach_choice = ' c '"],
}
