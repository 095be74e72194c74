"""Answers for ch02-reforms-and-sustainable-cinemas: see README.md in this folder."""

WRONG = {
    "shortest_stay_answer": [
        # The neighbouring stay: the last one that falls just short of 0.05.
        "shortest_stay = 4",
        # The levy left out (the answer for levy=0.0).
        "shortest_stay = None\n"
        "for years in range(0, 31):\n"
        "    if 0.05 <= skill_transfer(0.2, years, 3, 0.0).kept_skill:\n"
        "        shortest_stay = years\n"
        "        break",
        # The peak gain while the visitors come, not what is kept in year 15.
        "shortest_stay = None\n"
        "for years in range(0, 31):\n"
        "    if 0.05 <= skill_transfer(0.2, years, 3, 0.5).peak_gain:\n"
        "        shortest_stay = years\n"
        "        break",
        # The nearest stay the explorable's control offers (3, 6 or 10 years).
        "shortest_stay = 6",
    ],
    "levy_or_stay_answer": [
        # Assumes a longer stay must keep more skill than a levy.
        'levy_or_stay = "b"',
        # Expects the better-trained crew to win back the posts the levy drives away.
        'levy_or_stay = "c"',
        # Reads the two skill gains as level.
        'levy_or_stay = "d"',
    ],
    "why_skill_falls_answer": [
        # The no-visitor path catching up, which explains the smaller part of the fall.
        'why_skill_falls = "d"',
        # Forgetting, which the model does not have.
        'why_skill_falls = "b"',
        # Fewer shoots, though learning on the job does not depend on posts in the model.
        'why_skill_falls = "c"',
    ],
}

RIGHT = {
    "shortest_stay_answer": [
        # A float where a whole number is natural.
        "shortest_stay = 5.0",
        # Counting down from the longest stay, keeping the last that still reaches 0.05.
        "shortest_stay = 30\n"
        "for years in range(30, -1, -1):\n"
        "    if skill_transfer(0.2, years, 3, 0.5).kept_skill > 0.05:\n"
        "        shortest_stay = years",
    ],
    "levy_or_stay_answer": ['levy_or_stay = "A"'],
    "why_skill_falls_answer": ['why_skill_falls = " a"'],
}
