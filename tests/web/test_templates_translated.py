"""Every word a user reads in a template is marked for translation.

The interface is Swedish, written as the source strings of ``{% translate %}`` and
``{% blocktranslate %}``. Text typed straight into the HTML — or into an attribute a user or a
screen reader meets (``title``, ``alt``, ``aria-label``, ``placeholder``) — would escape the
translation catalogue. This test strips the template language, comments, scripts and tags and
expects no words to remain.
"""

import re
from pathlib import Path

import pytest

TEMPLATES = sorted((Path(__file__).parents[2] / "src" / "isu").rglob("templates/**/*.html"))

_REMOVED = [
    re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S),
    re.compile(r"{%\s*blocktranslate\b.*?{%\s*endblocktranslate\s*%}", re.S),
    re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"<(script|style)\b.*?</\1>", re.S),
]
_READ_ATTRIBUTES = re.compile(r'\b(?:aria-label|title|alt|placeholder)="([^"]*)"')
_TAG = re.compile(r"<[^>]*>", re.S)
_ENTITY = re.compile(r"&[a-zA-Z]+;|&#\d+;")
_WORD = re.compile(r"[^\W\d_]{2,}")


def unmarked_words(template: str) -> list[str]:
    """Words of *template* a user would read that are not inside a translation tag."""
    for pattern in _REMOVED:
        template = pattern.sub(" ", template)
    read = [*_READ_ATTRIBUTES.findall(template), _ENTITY.sub(" ", _TAG.sub(" ", template))]
    return [word for text in read for word in _WORD.findall(text)]


def test_the_check_finds_unmarked_text_and_attributes():
    assert unmarked_words('<h1 title="Sidan">Hej {% translate "Sidan" %}</h1>') == [
        "Sidan",
        "Hej",
    ]
    assert unmarked_words("{% blocktranslate %}Hej {{ namn }}{% endblocktranslate %}") == []
    assert unmarked_words('<a href="{% url "x" %}" class="button">{{ x }}</a>') == []


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 30


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_word_in_the_template_is_marked_for_translation(path):
    assert unmarked_words(path.read_text(encoding="utf-8")) == []
