"""Answers for ch01-talent-on-the-move: see README.md in this folder."""

WRONG = {
    "no_support_limit_answer": [
        # The first failing share on the explorable's 10% steps, as the primer's loop finds.
        "no_support_limit = 0.2",
        # A percentage for a share.
        "no_support_limit = 18",
        # Where net benefit peaks, not where it falls back to an all-local crew's.
        "no_support_limit = team_mix(share=0.3, traditions=3, support=0.0).best_share",
        # Four traditions instead of three.
        "no_support_limit = None\n"
        "for step in range(1, 101):\n"
        "    if not team_mix(share=step * 0.01, traditions=4, support=0.0).beats_all_local:\n"
        "        no_support_limit = step * 0.01\n"
        "        break",
    ],
    "technical_claim_answer": [
        # Neither crew beats an all-local one: misreads crew A's net benefit.
        'technical_claim = "d"',
        # Reads the model's net benefit as evidence about narrative horizons.
        'technical_claim = "c"',
        # Takes capability before costs as the explorable's test.
        'technical_claim = "b"',
    ],
    "support_mechanism_answer": [
        # Friction and gaps together, as if neither saving alone covered the cost.
        'support_mechanism = "d"',
        # Specialization gaps, which support halves but which are the smaller saving.
        'support_mechanism = "b"',
        # Capability, which support does not change in the model.
        'support_mechanism = "c"',
    ],
}

RIGHT = {
    "no_support_limit_answer": [
        # More precise than the grid.
        "no_support_limit = 0.176",
        # The last share that still beats an all-local crew, found on a finer grid.
        "no_support_limit = 0\n"
        "for step in range(1, 1001):\n"
        "    if team_mix(step * 0.001, 3, 0.0).net > 0.5:\n"
        "        no_support_limit = step * 0.001",
        # The last share on the 0.01 grid that still beats it.
        "no_support_limit = 0.17",
    ],
    "technical_claim_answer": ['technical_claim = "A"'],
    "support_mechanism_answer": ['support_mechanism = " a "'],
}
