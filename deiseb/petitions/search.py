"""Finding petitions by their words, the same on PostgreSQL and SQLite.

Two questions are asked of the text. The list search wants petitions holding every word the reader
typed ("dentists Wrexham"), best match first. The duplicate check at creation wants the petitions
most like a sentence someone is about to submit, so it ranks by similarity and requires no single
word: a duplicate is rarely worded the same.

PostgreSQL answers from the `search_vector` column (migration 0002: English stemming, unaccented
Welsh) and, for similarity, `pg_trgm` on the action in both languages (migration 0006). SQLite
answers from an FTS5 table (migration 0006) with the porter stemmer over `unicode61`, so
"dentists" finds "dentist" there too. The reader's words never reach either parser as syntax:
only word characters are kept, and each word is quoted, so `AND`, `*`, `"` and `NEAR` are words.
"""

import re

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, FloatField, Func, Q, Value, When
from django.db.models.expressions import RawSQL

WORD = re.compile(r"\w+")
FTS_TABLE = "petitions_petition_fts"
# bm25 weights, in the FTS table's column order: the action counts most, the details least.
FTS_COLUMNS = (
    "action_en",
    "action_cy",
    "background_en",
    "background_cy",
    "additional_details_en",
    "additional_details_cy",
)
FTS_WEIGHTS = "10.0, 10.0, 3.0, 3.0, 1.0, 1.0"
MAX_WORDS = 12
# The duplicate check scores at most this many of the best-matching petitions on SQLite.
SIMILAR_CANDIDATES = 200
# Words too common to say what a petition is about, in either language. PostgreSQL's `english`
# configuration drops the English ones itself; SQLite's porter stemmer keeps every word.
_GRAMMAR = """a about all an and are as at be by do for from has have in into is it its not of on or
    our should so that the their them there these they this to was we were what which will with
    would you your y yr ac ar am i o yn yng ym mae ei eu ein na nad ni nid gan gyda hyn hynny fel
    ond bod sy sydd dros drwy rhag wrth er"""
# Words nearly every petition's action holds, so they say nothing about which one it is like.
_BOILERPLATE = """call calling urge urging ask asking welsh government senedd wales galw galwn
    galwch annog gofyn llywodraeth cymru"""
STOP_WORDS = frozenset(_GRAMMAR.split())
COMMON_WORDS = STOP_WORDS | frozenset(_BOILERPLATE.split())


def words(query: str) -> list[str]:
    """The reader's words, lower-cased, without punctuation or operators, at most MAX_WORDS."""
    return WORD.findall((query or "")[: settings.PETITION_SEARCH_MAX_LENGTH].lower())[:MAX_WORDS]


def _telling(found: list[str]) -> list[str]:
    """The words that say what it is about; all of them if every one is a stop word."""
    return [word for word in found if word not in COMMON_WORDS] or found


def _nothing(queryset, name: str):
    # Still annotated, so callers may order by the rank whatever was typed.
    return queryset.none().annotate(**{name: Value(0.0, output_field=FloatField())})


def _fts(found: list[str], joiner: str) -> str:
    # Quoted, so FTS5 reads each as a string to tokenise (and stem), never as an operator.
    return joiner.join(f'"{word}"' for word in found)


class Bm25(Func):
    """How well a petition's row matches an FTS5 query; larger is better (bm25 is negative)."""

    template = (
        f"(SELECT -bm25({FTS_TABLE}, {FTS_WEIGHTS}) FROM {FTS_TABLE} "
        f"WHERE {FTS_TABLE} MATCH %(expressions)s)"
    )
    arg_joiner = " AND rowid = "
    output_field = FloatField()

    def __init__(self, match: str):
        super().__init__(Value(match), F("pk"))


def _sqlite(queryset, match: str):
    matching = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])
    return queryset.filter(pk__in=matching).annotate(rank=Bm25(match))


def _tsquery(found: list[str], search_type: str):
    text = " ".join(found)
    english = SearchQuery(text, config="english", search_type=search_type)
    return english | SearchQuery(text, config="deiseb_welsh", search_type=search_type)


def matching(queryset, query: str):
    """Petitions holding every word of the query (stemmed), annotated with `rank`."""
    found = words(query)
    if not found:
        return _nothing(queryset, "rank")
    if connection.vendor == "postgresql":
        tsquery = _tsquery(found, "plain")
        return (
            queryset.filter(search_vector=tsquery)
            .defer("search_vector")
            .annotate(rank=SearchRank(F("search_vector"), tsquery))
        )
    # Stop words are left out as PostgreSQL's `english` configuration leaves them out.
    telling = [word for word in found if word not in STOP_WORDS]
    return _sqlite(queryset, _fts(telling, " ")) if telling else _nothing(queryset, "rank")


class WordSimilarity(Func):
    """pg_trgm's word_similarity: how much of the query appears, as trigrams, in the text."""

    function = "word_similarity"
    output_field = FloatField()


def similar(queryset, query: str):
    """Petitions most like the query, in either language, best first, annotated with `score`.

    Any shared stemmed word makes a petition a candidate; how many, how rare and where they are
    decides the order. On PostgreSQL the trigram similarity of the actions adds to that, which
    also catches words that differ by a letter or a Welsh mutation ("bysiau", "fysiau").
    """
    found = _telling(words(query))
    if not found:
        return _nothing(queryset, "score")
    if connection.vendor == "postgresql":
        text = " ".join(found)
        tsquery = _tsquery([" | ".join(found)], "raw")
        trigrams = Func(
            WordSimilarity(Value(text), F("action_en")),
            WordSimilarity(Value(text), F("action_cy")),
            function="GREATEST",
            output_field=FloatField(),
        )
        return (
            queryset.defer("search_vector")
            .annotate(text_rank=SearchRank(F("search_vector"), tsquery), trigrams=trigrams)
            .filter(Q(search_vector=tsquery) | Q(trigrams__gte=0.4))
            .annotate(score=F("text_rank") * 2 + F("trigrams"))
            .order_by("-score", "-signature_count")
        )
    # One pass over the index scores the best candidates; a bm25 subquery per row, as the list
    # search uses, costs a full match each and takes most of a second when "school" is typed.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, -bm25({FTS_TABLE}, {FTS_WEIGHTS}) AS score FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s ORDER BY score DESC LIMIT %s",
            [_fts(found, " OR "), SIMILAR_CANDIDATES],
        )
        scores = dict(cursor.fetchall())
    if not scores:
        return _nothing(queryset, "score")
    score = Case(
        *(When(pk=pk, then=Value(value)) for pk, value in scores.items()),
        output_field=FloatField(),
    )
    return (
        queryset.filter(pk__in=scores).annotate(score=score).order_by("-score", "-signature_count")
    )
