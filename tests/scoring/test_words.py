"""Analysis of a text into words with offsets, lemmas, sentences and segments."""

from __future__ import annotations

from service.scoring.words import LEMMA, NORM, analyse


def test_every_word_points_back_into_the_original_text():
    text = "We use mapGroupsWithState and spark.sql.shuffle.partitions; it’s fine."
    words = analyse(text)
    assert [text[s:e] for s, e in zip(words.starts, words.ends, strict=True)] == [
        "We", "use", "map", "Groups", "With", "State", "and", "spark", "sql", "shuffle",
        "partitions", "it", "s", "fine",
    ]


def test_a_multi_part_token_is_indexed_by_its_joined_form():
    words = analyse("MySQL and mapGroupsWithState")
    assert words.index(NORM)["mysql"] == [(0, 2)]
    assert words.index(LEMMA)["mapgroupwithstate"] == [(3, 7)]


def test_contractions_become_not():
    assert analyse("I don't, we can't, it won't").norms == [
        "i", "do", "not", "we", "can", "not", "it", "will", "not"
    ]


def test_a_quote_used_as_apostrophe_is_read_as_one_without_moving_offsets():
    text = 'they aren"t connected'
    words = analyse(text)
    assert words.norms == ["they", "are", "not", "connected"]
    assert text[words.starts[1] : words.ends[2]] == 'aren"t'


def test_sentences_end_at_full_stops_and_blank_lines_but_not_at_wrapped_lines():
    words = analyse("One line\nwrapped here. Next one\n\nNew paragraph")
    assert words.sentences == [0, 0, 0, 0, 1, 1, 2, 2]
    assert words.breaks == [False, False, False, False, True, False, True, False]


def test_commas_and_bullets_start_new_segments():
    words = analyse("- Kafka\n- Delta, MERGE")
    assert len(set(words.segments)) == 3


def test_id_is_a_word_not_a_contraction_of_i_would():
    assert analyse("join on restaurant id").norms == ["join", "on", "restaurant", "id"]
