"""Reading the reader's query: the examples in the modules' docstrings hold."""

import doctest

import pytest

from broadsheet.search import documents, query, results
from broadsheet.search.engines import postgresql


@pytest.mark.parametrize("module", [query, documents, results, postgresql])
def test_the_docstring_examples_hold(module):
    failures, tried = doctest.testmod(module)
    assert tried and not failures
