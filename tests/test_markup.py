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


def test_dotted_bindings_and_places() -> None:
    from convgen.model.markup import Binding, PlaceRef

    assert parse("durée de @{terms.duration}, à @{lieu:gymnase}") == [
        Literal("durée de "),
        Binding("terms.duration", "@{terms.duration}"),
        Literal(", à "),
        PlaceRef("gymnase", "@{lieu:gymnase}"),
    ]
    assert Binding("terms.renewal.notice", "").parts == ("terms", "renewal", "notice")
    # keys of other parts may carry hyphens and digits: @{financing.subvention-2024.amount}
    assert references("@{financing.subvention-2024.amount}") == [
        Binding("financing.subvention-2024.amount", "@{financing.subvention-2024.amount}")
    ]


def test_malformed_bindings_and_places_and_the_old_forms_unchanged() -> None:
    from convgen.model.markup import Binding

    assert references("@{terms.} @{.duration} @{Terms.duration} @{lieu:} @{lieu:Gym}") == [
        Malformed("@{terms.}"),
        Malformed("@{.duration}"),
        Malformed("@{Terms.duration}"),
        Malformed("@{lieu:}"),
        Malformed("@{lieu:Gym}"),
    ]
    assert references("@{article:engagements.prefecture}")[0] == CrossRef(
        "article", "engagements.prefecture", "@{article:engagements.prefecture}"
    )
    assert parse("@@{terms.duration}") == [Literal("@{terms.duration}")]
    assert plain("de @{terms.end}") == "de @{terms.end}"
    assert not isinstance(references("@{taux}")[0], Binding)
