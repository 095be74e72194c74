"""Answers for ch06-synthesis: see README.md in this folder."""

WRONG = {
    "balance_limit_answer": [
        # The first weight on the page's control (0.25, 0.5, 0.75) where balance is lost.
        "balance_limit = 0.75",
        # Judged after the default 10 years instead of 20.
        "balance_limit = None\n"
        "for step in range(50, 101):\n"
        "    weight = 0.01 * step\n"
        "    if not openness_map(0.5, 0.5, voice_weight=weight).best_is_balanced:\n"
        "        balance_limit = weight\n"
        "        break",
        # Stepping the weight down from 0.5 instead of up.
        "balance_limit = 0.13",
        # The right weight written as a percentage.
        "balance_limit = 56",
    ],
    "stewardship_pays_answer": [
        # The two numbers in the wrong order.
        "stewardship_pays = (8, 5)",
        # The map's horizon read from the page's twenty-year try, not searched for.
        "stewardship_pays = (5, 20)",
        # Both read off the models' default horizons.
        "stewardship_pays = (10, 10)",
    ],
}

RIGHT = {
    "balance_limit_answer": [
        # A finer search: the best point leaves the balanced zone at about 0.555.
        "balance_limit = 0.555",
        # The same search, testing the stewardship of the best point directly.
        "balance_limit = None\n"
        "for step in range(50, 101):\n"
        "    weight = 0.01 * step\n"
        "    if 0.75 < openness_map(0.5, 0.5, horizon=20, voice_weight=weight).best[1]:\n"
        "        balance_limit = weight\n"
        "        break",
    ],
    "stewardship_pays_answer": [
        "stewardship_pays = (5.0, 8.0)",
        "stewardship_pays = [5, 8]",
        # The lab's year found from the final levels of shorter runs.
        "lab_year = None\n"
        "for years in range(1, 11):\n"
        "    outward = policy_lab_split(0.8, 1.0, 0.5, years=years).final[0]\n"
        "    home = policy_lab_split(0.2, 0.5, 1.0, years=years).final[0]\n"
        "    if outward < home:\n"
        "        lab_year = years\n"
        "        break\n"
        "stewardship_pays = (lab_year, 8)",
    ],
}
