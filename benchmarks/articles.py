"""Generated news articles of realistic length for the ingest and scale benchmarks.

Why generated: the benchmarks need thousands of distinct articles (content-hash keys: a
repeated text is a duplicate, not work) of the length wire stories have (400-700 words,
15-30 sentences with dates, places, people, organisations, numbers, quotes and reported
speech), so that spaCy and every stage do the work a real article asks of them. Real pages
are few and read-only under ../shared; these are made from templates, seeded, so two runs
analyse the same texts.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

__all__ = ["generated_articles"]

PEOPLE = ["Maria Lopez", "Ahmed Hassan", "John Miller", "Olena Kovalenko", "Chen Wei", "Fatima Diallo",
          "Pierre Dubois", "Ivan Petrov", "Grace Mwangi", "Carlos Mendes", "Aisha Khan", "Tom Becker"]
TITLES = ["Defence Minister", "Foreign Minister", "spokesman", "governor", "police chief", "UN envoy",
          "opposition leader", "army commander", "mayor"]
ORGS = ["the United Nations", "the Red Cross", "NATO", "the European Union", "the World Health Organization",
        "the African Union", "Amnesty International", "the interior ministry", "the national army",
        "Doctors Without Borders"]
GROUPS = ["rebel fighters", "government forces", "protesters", "militants", "security forces", "aid workers",
          "striking workers", "border guards"]
PLACES = ["Aleppo", "Kyiv", "Kharkiv", "Khartoum", "Mogadishu", "Gaza", "Beirut", "Kabul", "Baghdad", "Tripoli",
          "Goma", "Bamako", "Caracas", "Manila", "Karachi", "Dhaka", "Nairobi", "Addis Ababa"]
ACTIONS = ["attacked", "shelled", "captured", "surrounded", "bombed", "raided", "withdrew from", "entered"]
NOUNS = ["the airport", "a checkpoint", "the main market", "a military base", "the city centre", "a refinery",
         "the northern district", "a hospital", "the central bank", "two villages"]
VERBS_SAID = ["said", "told reporters", "said in a statement", "wrote on social media", "told Reuters"]
LEADS = [
    "{group} {action} {noun} in {place} on {day}, killing at least {n} people, officials said.",
    "At least {n} people were killed when {group} {action} {noun} in {place} on {day}, according to {org}.",
    "{Group} {action} {noun} near {place} early on {day}, witnesses said, in the worst violence in months.",
]
BODY = [
    "\"We heard explosions all night,\" said {person}, a resident who fled with her family.",
    "{title} {person} {said} that {n2} people had been wounded and that the toll could rise.",
    "{Org} called for an immediate ceasefire and said it was sending teams to {place}.",
    "The fighting forced about {n3} families from their homes, according to {org}.",
    "{person} said talks would resume in {place2} next week, but gave no date.",
    "Officials in {place2} denied that their forces had taken part in the operation.",
    "The {title} met representatives of {org} on {day2} to discuss humanitarian access.",
    "{Group} had {action} {noun} in {place2} in {month}, when {n2} people were killed.",
    "Prices of fuel and bread have risen by {pct} percent since the start of the year.",
    "{person} accused {org} of failing to protect civilians, a charge it rejected.",
    "The government announced a curfew from 8 p.m. to 6 a.m. that will last until {day3}.",
    "Reuters could not independently verify the reports.",
    "Schools and markets in {place} remained closed on {day2}, residents said.",
    "Hospitals in {place} said they had received {n2} wounded, most of them women and children.",
    "The United States and the European Union condemned the attack and urged restraint.",
    "{person}, who was elected in {year}, has promised to restore security before the elections in {month2}.",
    "An investigation has been opened, the prosecutor's office {said}.",
    "Aid deliveries have been suspended since {day2} because of the fighting, {org} said.",
    "{Group} said they would continue the strike until their demands were met.",
    "Satellite images showed that at least {n4} buildings had been destroyed.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def _fill(template: str, rng: random.Random, day: date) -> str:
    group = rng.choice(GROUPS)
    org = rng.choice(ORGS)
    later = day + timedelta(days=rng.randrange(3, 40))
    values = {
        "group": group, "Group": group[0].upper() + group[1:], "org": org, "Org": org[0].upper() + org[1:],
        "action": rng.choice(ACTIONS), "noun": rng.choice(NOUNS), "place": rng.choice(PLACES),
        "place2": rng.choice(PLACES), "person": rng.choice(PEOPLE), "title": rng.choice(TITLES),
        "said": rng.choice(VERBS_SAID), "n": rng.randrange(2, 80), "n2": rng.randrange(3, 200),
        "n3": f"{rng.randrange(1, 40) * 100:,}", "n4": rng.randrange(10, 400), "pct": rng.randrange(5, 60),
        "day": WEEKDAYS[day.weekday()], "day2": WEEKDAYS[rng.randrange(7)],
        "day3": f"{MONTHS[later.month - 1]} {later.day}", "month": MONTHS[rng.randrange(12)],
        "month2": MONTHS[rng.randrange(12)], "year": rng.randrange(2010, 2024),
    }
    return template.format(**values)


def generated_articles(n: int, *, seed: int = 11, words: tuple[int, int] = (400, 700)) -> list[tuple[str, str]]:
    """`n` distinct (text, published) pairs of `words` words each, over 2024."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(366))
        target = rng.randrange(*words)
        paragraphs = [_fill(rng.choice(LEADS), rng, day)]
        count = len(paragraphs[0].split())
        while count < target:
            paragraph = " ".join(_fill(rng.choice(BODY), rng, day) for _ in range(rng.randrange(1, 4)))
            paragraphs.append(paragraph)
            count += len(paragraph.split())
        paragraphs.append(f"(Reporting by {rng.choice(PEOPLE)}; dispatch {i})")
        out.append(("\n\n".join(paragraphs), day.isoformat()))
    return out
