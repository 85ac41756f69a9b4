"""Reply templates: personal values filled in; a missing one is shown and reported, never blank."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from desktop.app import Application
from desktop.intake import IntakeReport
from desktop.ops import Actor
from desktop.templates import MISSING_MARK, placeholders, render, template_values
from models.schema import Contact, Customer, Outbound
from tests.conftest import NOW, contact_record

Ingest = Callable[..., IntakeReport]

REPLY = (
    "Hello {customer.first_name},\n\nyour {last_purchase.product} leaves the warehouse today.\n\n"
    "Best regards,\n{agent.first_name}"
)
BEN = Actor("a-ben", "ben", "Ben Osei", "agent")


def purchase(n: int, product: str, days_ago: int) -> dict[str, object]:
    return {
        "type": "purchase",
        "customer": {"email": "joan@example.com"},
        "external_id": f"order-{n}",
        "product": product,
        "amount": 100 * n,
        "purchased_at": (NOW - timedelta(days=days_ago)).isoformat(),
    }


def test_everything_known_is_filled_in(live_app: Application, ingest: Ingest) -> None:
    ingest(
        live_app,
        contact_record(1, sender={"name": "Joan  Smith", "email": "joan@example.com"}),
        purchase(1, "Helmet Pro", days_ago=40),
        purchase(2, "Cargo bike Family", days_ago=3),
        purchase(3, "Bike lock Titan", days_ago=10),
    )
    joan = Customer.get()
    rendered = render(REPLY, template_values(BEN, joan))
    assert rendered.text == (
        "Hello Joan,\n\nyour Cargo bike Family leaves the warehouse today.\n\nBest regards,\nBen"
    )
    assert rendered.missing == [] and rendered.complete


def test_missing_values_are_marked_and_reported(live_app: Application, ingest: Ingest) -> None:
    ingest(live_app, contact_record(1, sender={"email": "joan@example.com"}))
    customer = Customer.get()
    rendered = render(REPLY + " {customer.first_name} {promise}", template_values(BEN, customer))
    assert rendered.missing == ["customer.first_name", "last_purchase.product", "promise"]
    assert not rendered.complete
    assert rendered.text.startswith("Hello [?customer.first_name],")
    assert "your [?last_purchase.product] leaves" in rendered.text
    assert rendered.text.count("[?customer.first_name]") == 2
    assert rendered.text.endswith("Ben [?customer.first_name] [?promise]")
    # the address the customer wrote from is not their name
    assert "joan@example.com" not in rendered.text


def test_no_customer_at_all(live_app: Application) -> None:
    rendered = render(REPLY, template_values(BEN, None))
    assert rendered.missing == ["customer.first_name", "last_purchase.product"]
    assert rendered.text.endswith("Ben")


def test_an_agent_without_a_display_name_signs_with_the_login() -> None:
    anonymous = Actor("a-x", "chen", "  ", "agent")
    assert render("{agent.first_name}", template_values(anonymous, None)).text == "chen"


def test_the_open_invoice_and_the_promise(live_app: Application, ingest: Ingest) -> None:
    ingest(
        live_app,
        contact_record(1, sender={"name": "Joan Smith", "email": "joan@example.com"}),
        {
            "type": "invoice",
            "customer": {"email": "joan@example.com"},
            "number": "INV-1",
            "amount": 3499,
            "currency": "EUR",
            "issued_at": "2026-11-01T00:00:00Z",
            "paid_at": "2026-11-02T00:00:00Z",
        },
        {
            "type": "invoice",
            "customer": {"email": "joan@example.com"},
            "number": "INV-2",
            "amount": 1234.5,
            "currency": "EUR",
            "issued_at": "2026-11-10T00:00:00Z",
        },
    )
    values = template_values(BEN, Customer.get(), promise="within 2 hours")
    rendered = render("{open_invoice.number} ({open_invoice.amount}) {promise}", values)
    assert rendered.text == "INV-2 (1,234.50 EUR) within 2 hours"


def test_automatic_acknowledgement_never_greets_an_address(
    live_app: Application, ingest: Ingest
) -> None:
    ingest(
        live_app,
        contact_record(1, channel="sms", sender={"phone": "+15551234567"}),
        contact_record(2, channel="email", sender={"email": "kim@example.com"}),
        contact_record(
            3, channel="webform", sender={"name": "Ana Costa", "email": "ana@example.org"}
        ),
    )
    greetings = {
        Contact.get_by_id(o.contact_id).external_id: o.body.split(",")[0] for o in Outbound.select()
    }
    assert greetings == {"sms-1": "Hello there", "email-2": "Hello there", "webform-3": "Hello Ana"}


def test_placeholders_are_listed_once_in_order() -> None:
    assert placeholders(REPLY + "{customer.first_name}{promise}") == [
        "customer.first_name",
        "last_purchase.product",
        "agent.first_name",
        "promise",
    ]
    assert placeholders("no placeholders, {not one}, {Upper.Case}") == []


names = st.sampled_from(
    ["agent.first_name", "customer.first_name", "last_purchase.product", "promise", "customer.name"]
)


@given(
    parts=st.lists(
        st.one_of(names.map(lambda n: "{" + n + "}"), st.text(alphabet="abc ,.!\n", max_size=5)),
        max_size=12,
    ),
    values=st.dictionaries(names, st.sampled_from(["", "Joan", "Cargo bike", " "])),
)
def test_every_placeholder_gets_its_value_or_a_visible_mark(
    parts: list[str], values: dict[str, str]
) -> None:
    rendered = render("".join(parts), values)
    expected = ""
    missing: list[str] = []
    for part in parts:
        name = part[1:-1] if part.startswith("{") else None
        if name is None:
            expected += part
        elif values.get(name):
            expected += values[name]
        else:
            expected += MISSING_MARK.format(name=name)
            if name not in missing:
                missing.append(name)
    assert rendered.text == expected
    assert rendered.missing == missing


def test_templates_in_the_customers_language_come_first() -> None:
    from types import SimpleNamespace

    from desktop.templates import PLACEHOLDERS, by_language, language_of

    made = [
        SimpleNamespace(name=n, language=lang)
        for n, lang in (
            ("Danke", "de"),
            ("Thanks", "en"),
            ("Obrigado", "pt"),
            ("Bitte", "de"),
            ("Welcome", "en"),
        )
    ]
    assert [t.name for t in by_language(made, "de-AT")] == [
        "Bitte",
        "Danke",
        "Thanks",
        "Welcome",
        "Obrigado",
    ]
    assert [t.name for t in by_language(made, "en_GB.UTF-8")][:2] == ["Thanks", "Welcome"]
    assert [t.name for t in by_language(made, "")][:2] == ["Thanks", "Welcome"]  # unknown: English
    assert language_of("PT_br") == "pt"
    # every placeholder the values can fill is documented
    values = template_values(BEN, Customer(name="Joan Doe", locale="de"))
    assert set(values) <= set(PLACEHOLDERS)
