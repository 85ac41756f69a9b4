"""The seed's vocabulary: names, products, topics, replies, the channel mix, the demo
agents and templates (desktop/seed.py draws from these in one deterministic stream; the
order of every tuple matters for reproducible data)."""

from __future__ import annotations

FIRST = [
    "Joan",
    "Ana",
    "Ben",
    "Chen",
    "Dana",
    "Elif",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jamal",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
    "Omar",
    "Priya",
    "Quentin",
    "Rosa",
    "Sven",
    "Tariq",
    "Uma",
    "Viktor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Aiko",
    "Bruno",
    "Carmen",
    "Dmitri",
    "Esther",
    "Femi",
    "Giulia",
    "Hamza",
    "Ingrid",
    "Jonas",
    "Kavya",
    "Luis",
    "Mei",
    "Nils",
    "Olga",
    "Pablo",
    "Rania",
    "Sakura",
    "Tomas",
    "Ulla",
    "Vera",
    "Wanjiru",
]
LAST = [
    "Smith",
    "Garcia",
    "Okafor",
    "Müller",
    "Rossi",
    "Nguyen",
    "Kowalski",
    "Haddad",
    "Tanaka",
    "Silva",
    "Johansson",
    "Novak",
    "Dubois",
    "Kim",
    "Petrov",
    "Mensah",
    "Costa",
    "Ahmed",
    "Schmidt",
    "Larsen",
    "Moreau",
    "Santos",
    "Yilmaz",
    "Fischer",
    "O'Brien",
    "Lopez",
    "Ivanova",
    "Park",
    "Hughes",
    "Weber",
    "Banda",
    "Sato",
    "Varga",
    "Reyes",
    "Berg",
    "Demir",
    "Chowdhury",
    "Andersen",
    "Murphy",
    "Alvarez",
    "Popescu",
    "Mwangi",
    "Jansen",
    "Bakker",
    "Ferreira",
    "Lindqvist",
    "Kaur",
    "Horvat",
    "Eriksen",
    "Abbott",
]
PRODUCTS = (
    "City e-bike Model C",
    "Trail bike X2",
    "Folding bike Mini",
    "Cargo bike Family",
    "Helmet Pro",
    "Bike lock Titan",
    "Service plan 12 months",
    "Child seat Comfort",
    "Rain cover set",
    "Battery pack 500Wh",
    "Road bike Aero 7",
    "Kids bike 16 inch",
)
SKILLS = ("billing", "tech", "sales", "returns", "general", "social")
NETWORKS = ("twitter", "instagram", "facebook", "tiktok")
TIMEZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Asia/Tokyo",
    "Africa/Lagos",
    "Europe/London",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Australia/Sydney",
    "America/Chicago",
)
LOCALES = ("de", "en", "ja", "en", "en", "pt", "en", "en", "en")

TOPICS: dict[str, list[tuple[str, str, str]]] = {
    # channel: [(subject, body, skill)]
    "email": [
        (
            "Bike delivery",
            "Hello, my {product} was supposed to arrive on Monday and the tracking "
            "page has not changed for three days. Can you tell me where it is?",
            "general",
        ),
        (
            "Invoice question",
            "I was charged twice for the {product}. Please refund the second "
            "payment, the bank statement shows both.",
            "billing",
        ),
        (
            "Return request",
            "The {product} does not fit in my hallway. How do I send it back "
            "and when do I get my money?",
            "returns",
        ),
        (
            "Battery not charging",
            "Since yesterday the battery of my {product} stops charging at "
            "80 percent. The light blinks red twice.",
            "tech",
        ),
    ],
    "phone": [
        (
            "Callback requested",
            "Customer called about the {product}, wants a callback about "
            "the warranty terms before noon.",
            "sales",
        ),
        (
            "Voicemail",
            "Voicemail: my {product} makes a clicking noise when I brake, please call me back.",
            "tech",
        ),
    ],
    "fax": [
        (
            "Purchase order 4471",
            "Please deliver 4 units of {product} to our shop, invoice to "
            "the usual address. Signed, purchasing department.",
            "sales",
        ),
    ],
    "chat": [
        (
            "Chat: order status",
            "hi, where is my order?? it said two days, it's been a week",
            "general",
        ),
        ("Chat: sizing", "which frame size for 1.82 m? looking at the {product}", "sales"),
    ],
    "webform": [
        (
            "Contact form: warranty",
            "Frame crack on my {product} after 8 months. Photos "
            "available. Is this covered by the warranty?",
            "tech",
        ),
        (
            "Contact form: business account",
            "We are a delivery company interested in 20 cargo bikes. Who can make us an offer?",
            "sales",
        ),
    ],
    "sms": [
        ("SMS", "Is the shop open on Saturday? Need to pick up my {product}", "general"),
        ("SMS", "Got the reminder for invoice, already paid last week, please check", "billing"),
    ],
    "social": [
        (
            "Mention",
            "@lastmilebikes third week without my {product} and nobody answers. Never again. #fail",
            "social",
        ),
        ("Mention", "Loving my new {product} from @lastmilebikes, best commute ever!", "social"),
        ("Direct message", "Hi, can I change the delivery address for my order?", "social"),
    ],
    "session": [
        (
            "Failed checkout",
            "Online session ended at the payment step: card declined twice for {product}.",
            "billing",
        ),
        (
            "Abandoned configuration",
            "Session ended while configuring {product}, customer spent "
            "14 minutes on the size chart.",
            "sales",
        ),
    ],
}
REPLIES = (
    "Thank you for your patience, I have checked this for you and it is sorted now.",
    "I am sorry about the trouble. I have arranged a replacement that ships today.",
    "Good news: the refund was issued this morning and shows within three working days.",
    "I have booked a technician visit for Thursday between 9 and 12.",
)
NOTES = (
    "Customer prefers email over phone.",
    "Checked with warehouse: parcel is in Hamburg.",
    "Promised a callback tomorrow morning.",
    "Escalated to second level support.",
)

# channel mix of a small bike shop's contact center
CHANNEL_WEIGHTS = (
    ("email", 30),
    ("phone", 15),
    ("chat", 15),
    ("webform", 8),
    ("sms", 8),
    ("social", 12),
    ("session", 8),
    ("fax", 4),
)

DEMO_AGENTS = (
    ("ana", "Ana Kovač", "supervisor", "billing:3,tech:2,general:3,social:2", "blue"),
    ("ben", "Ben Osei", "agent", "sales:3,general:2,returns:2", "blue"),
    ("chen", "Chen Wei", "agent", "tech:3,general:1", "blue"),
    ("dana", "Dana Ruiz", "trainee", "general:1", "blue"),
    ("emre", "Emre Aydın", "agent", "social:3,billing:2,general:2", "blue"),
    ("admin", "Site Admin", "admin", "", "blue"),
)

DEMO_TEMPLATES = (
    (
        "Greeting",
        "",
        "en",
        "reply",
        "Hello {customer.first_name},\n\nthank you for getting in touch. \n\nBest regards,\n"
        "{agent.first_name}",
    ),
    (
        "Delivery update",
        "email",
        "en",
        "reply",
        "Hello {customer.first_name},\n\nI checked the delivery of your {last_purchase.product}: "
        "it left our warehouse and will reach you within two working days.\n\nBest regards,\n"
        "{agent.first_name}",
    ),
    (
        "Invoice reminder",
        "email",
        "en",
        "reply",
        "Hello {customer.first_name},\n\na friendly reminder that invoice {open_invoice.number} "
        "({open_invoice.amount}) is still open. If you already paid, please ignore this.\n\n"
        "Kind regards,\n{agent.name}",
    ),
    (
        "Social apology",
        "social",
        "en",
        "reply",
        "@{customer.first_name} we are sorry, that is not the experience we want for you. "
        "{agent.first_name} here, I am on it and will DM you within the hour.",
    ),
    (
        "Acknowledgement",
        "",
        "en",
        "ack",
        "Hello {customer.first_name}, we received your message and will answer {promise}.",
    ),
    (
        "Begrüßung",
        "",
        "de",
        "reply",
        "Hallo {customer.first_name},\n\nvielen Dank für Ihre Nachricht.\n\nViele Grüße\n"
        "{agent.first_name}",
    ),
)
