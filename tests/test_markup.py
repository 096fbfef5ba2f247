from convgen.model.markup import CrossRef, FigureRef, Literal, Malformed, parse, plain, references


def test_text_without_markup_is_one_literal() -> None:
    assert parse("Der & Blaise {{ 7*7 }} {% if x %}") == [
        Literal("Der & Blaise {{ 7*7 }} {% if x %}")
    ]


def test_figures_and_cross_references() -> None:
    assert parse("de @{taux} (voir l'@{article:duree} et l'@{annexe:plan})") == [
        Literal("de "),
        FigureRef("taux", "@{taux}"),
        Literal(" (voir l'"),
        CrossRef("article", "duree", "@{article:duree}"),
        Literal(" et l'"),
        CrossRef("annexe", "plan", "@{annexe:plan}"),
        Literal(")"),
    ]


def test_generated_article_keys_are_allowed() -> None:
    assert references("@{article:engagements.prefecture}") == [
        CrossRef("article", "engagements.prefecture", "@{article:engagements.prefecture}")
    ]


def test_escape_and_malformed() -> None:
    assert parse("écrire @@{x}") == [Literal("écrire @{x}")]
    assert references("@{Taux} @{art:x} @{ taux} @{") == [
        Malformed("@{Taux}"),
        Malformed("@{art:x}"),
        Malformed("@{"),
        Malformed("@{"),
    ]
    assert plain("a @@{b} @{c}") == "a @{b} @{c}"


def test_email_addresses_are_plain_text() -> None:
    assert parse("contact@cnam.fr") == [Literal("contact@cnam.fr")]
