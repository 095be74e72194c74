"""Answers for ch03-collaboration-and-governance: see README.md in this folder.

largest_share: C brings 20% of the foreign money, so C's 5% minimum caps the local share
at 0.75. smallest_posts: with 55% of the cost, local control reaches 0.5 at 45% of key
posts. access_or_control: deal d supports the claim, deal b buys access with control.
"""

WRONG = {
    "largest_share_answer": [
        # the 80% multilateral maximum for any one co-producer, C's minimum forgotten
        "largest_share = 0.8",
        # the bilateral ceiling, as if C changed nothing
        "largest_share = 0.9",
        # the right threshold as a percentage
        "largest_share = 75",
        # the largest share on the explorable's steps just below the answer
        "largest_share = 0.7",
    ],
    "smallest_posts_answer": [
        # control read as following the posts alone: half of them
        "smallest_posts = 0.5",
        # the cost share mirrored onto the posts
        "smallest_posts = 0.55",
        # the right share as a percentage
        "smallest_posts = 45",
        # the share of posts that reaches control 0.5 with 60% of the cost
        "smallest_posts = 0.4",
    ],
    "access_or_control_answer": [
        # the deal with the most control taken for the claim, access ignored
        'access_or_control = ("a", "b")',
        # the pair the wrong way round
        'access_or_control = ("b", "d")',
        # deal c read as qualifying: C's 4% overlooked
        'access_or_control = ("c", "b")',
        # one letter where a pair is asked for
        'access_or_control = "d"',
    ],
}

RIGHT = {
    "largest_share_answer": [
        # a finer search
        "largest_share = None\n"
        "for i in range(500, 951):\n"
        "    if coproduction(i * 0.001, 0.2, 0.7).qualifies:\n"
        "        largest_share = i * 0.001",
        # the same number from the rule: C's part of the foreign money must reach 5%
        "largest_share = 1 - 0.05 / 0.2",
    ],
    "smallest_posts_answer": [
        # local control averages the two shares: the posts must make up the difference
        "smallest_posts = 1 - 0.55",
        # a finer search
        "smallest_posts = None\n"
        "for i in range(0, 1001):\n"
        "    if 0.5 <= coproduction(0.55, 0.0, i * 0.001).local_control:\n"
        "        smallest_posts = i * 0.001\n"
        "        break",
    ],
    "access_or_control_answer": [
        'access_or_control = ("D", "B")',
        'access_or_control = ["d", "b"]',
    ],
}
