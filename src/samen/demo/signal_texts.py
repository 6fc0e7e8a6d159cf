"""Dutch building blocks for the accounts of synthetic signals: an opening per kind of place, one sentence per
indicator, a closing per source type. Invented situations written the way reporters write; nobody here is real."""

import random

# When it started; reporters rarely know a date.
SINCE = ("sinds een paar weken", "al maanden", "sinds de zomer", "de laatste tijd", "sinds kort", "al een tijdje")

# One opening per kind of place; {plaats} is the municipality, {sinds} one of SINCE.
OPENINGS = {
    "house": (
        "In de woning naast mij in {plaats} komen {sinds} steeds andere mensen langs, ook midden in de nacht.",
        "In een huis in mijn straat in {plaats} wonen {sinds} veel meer mensen dan er kunnen wonen.",
        "Bij een rijtjeshuis in {plaats} worden {sinds} 's ochtends vroeg mensen opgehaald en 's avonds laat "
        "teruggebracht.",
    ),
    "hotel": (
        "In een hotel aan de rand van {plaats} worden {sinds} dezelfde kamers steeds door andere bezoekers gebruikt.",
        "Als medewerker van een hotel in {plaats} zie ik {sinds} een jonge vrouw met steeds andere mannen.",
    ),
    "park": (
        "In het park bij mij in de buurt in {plaats} zie ik {sinds} dezelfde groep jongeren rondhangen.",
        "Op een plein in het centrum van {plaats} gebeurt {sinds} iets wat niet klopt.",
    ),
    "business-park": (
        "Op het bedrijventerrein in {plaats} worden {sinds} elke ochtend om vijf uur mensen met busjes afgezet.",
        "Bij een distributiecentrum op het bedrijventerrein van {plaats} werken {sinds} mensen die er heel slecht "
        "aan toe zijn.",
    ),
    "station": (
        "Bij het station van {plaats} zie ik {sinds} bijna elke dag hetzelfde gebeuren.",
        "Op het stationsplein in {plaats} wordt {sinds} steeds dezelfde persoon opgewacht.",
    ),
    "farm": (
        "Op een tuinbouwbedrijf bij {plaats} werken {sinds} veel arbeiders uit het buitenland.",
        "Bij een boerderij in de buurt van {plaats} wonen {sinds} arbeiders in caravans achter de schuur.",
    ),
    "ship": (
        "In de haven van {plaats} ligt {sinds} een schip waarop mensen lijken te wonen en te werken.",
        "Op een binnenvaartschip in {plaats} werkt {sinds} een bemanning die nooit van boord gaat.",
    ),
    "sex-business": (
        "In een club in {plaats} werken {sinds} vrouwen die geen Nederlands of Engels spreken.",
        "Bij een raamprostitutiebedrijf in {plaats} werkt {sinds} een heel jonge vrouw.",
    ),
    "airport-border": (
        "Bij de controle op de luchthaven viel een reiziger op die naar {plaats} zou doorreizen.",
        "Bij de grens werd een busje gecontroleerd op weg naar {plaats}.",
    ),
    "other": (
        "Bij het benzinestation aan de A2 bij {plaats} zie ik {sinds} dezelfde busjes.",
        "In een nagelstudio in {plaats} werken {sinds} jonge meisjes, ook laat op de avond.",
        "In een autowasstraat in {plaats} werken {sinds} mannen voor heel weinig geld.",
    ),
}

# Online, the opening depends on what is offered.
ONLINE_OPENINGS = {
    "sexual": "Op een advertentiesite staat {sinds} een advertentie voor escort in {plaats}.",
    "labour": "Via sociale media wordt {sinds} werk aangeboden in {plaats}, met woning en vervoer erbij.",
    "criminal": "Via sociale media worden {sinds} jongeren uit {plaats} benaderd met 'snel geld' als lokkertje.",
    "begging": "In een groepsapp wordt {sinds} 'werk op straat' in {plaats} aangeboden.",
    "organ": "Op een forum wordt {sinds} geld geboden aan mensen uit {plaats} met schulden, voor 'een kleine ingreep'.",
    "unknown": "Online wordt {sinds} werk en woonruimte in {plaats} aangeboden dat te mooi lijkt om waar te zijn.",
}

# Which places fit which form of exploitation.
PLACES_BY_FORM = {
    "sexual": ("house", "hotel", "sex-business", "online", "station", "park"),
    "labour": ("farm", "business-park", "ship", "house", "other"),
    "criminal": ("station", "park", "house", "online", "other"),
    "begging": ("station", "park", "other"),
    "organ": ("house", "airport-border", "other"),
    "unknown": ("house", "other", "station", "business-park", "hotel"),
}

# One sentence per indicator of vocabulary 2026.1; {Wie} or {wie} is the possible victim.
INDICATOR_SENTENCES = {
    "sexual-sudden-provocative-styling": "{Wie} kleedt zich sinds kort heel uitdagend en is altijd zwaar opgemaakt.",
    "sexual-exhaustion-underweight": "{Wie} ziet er erg moe uit en is veel afgevallen.",
    "sexual-psychosomatic-self-harm": "{Wie} heeft vaak buikpijn en hoofdpijn, en ik zag sneetjes op de armen.",
    "sexual-visible-injuries": "{Wie} had blauwe plekken op de armen en in de nek.",
    "sexual-branding-tattoo": "{Wie} heeft een tatoeage met een naam en een kroon in de nek, die op een "
    "merkteken lijkt.",
    "sexual-low-self-worth": "{Wie} zegt dingen als 'ik ben toch niets waard'.",
    "sexual-mood-swings": "{Wie} is de ene dag heel vrolijk en de volgende dag heel somber.",
    "sexual-cannot-set-limits": "{Wie} lijkt geen nee te kunnen zeggen tegen de mannen die langskomen.",
    "sexual-unexplained-money-goods": "{Wie} heeft opeens een nieuwe telefoon en dure tassen, zonder werk.",
    "sexual-avoids-topic": "Als ik vraag waar het geld vandaan komt, begint {wie} snel over iets anders.",
    "sexual-often-out-on-street": "{Wie} is vaak 's nachts niet thuis en hangt veel op straat rond.",
    "sexual-always-reachable": "De telefoon van {wie} gaat steeds, en er moet altijd meteen worden opgenomen.",
    "sexual-older-contacts-pickup": "{Wie} wordt bijna elke avond opgehaald door een veel oudere man in een "
    "donkere auto.",
    "sexual-alcohol-drugs": "{Wie} drinkt veel en gebruikt waarschijnlijk ook drugs.",
    "sexual-runaway-truancy": "{Wie} spijbelt veel en is al twee keer weggelopen van huis.",
    "sexual-online-ads": "Er staat een advertentie online waarin {wie} dag en nacht wordt aangeboden, met een heel "
    "jonge leeftijd erbij.",
    "sexual-hands-over-earnings": "{Wie} vertelde dat al het verdiende geld naar de 'vriend' gaat.",
    "sexual-no-access-id": "{Wie} heeft geen eigen paspoort; dat ligt bij iemand anders.",
    "sexual-moved-between-places": "{Wie} werkt steeds in een andere stad, soms op drie plekken in een week.",
    "sexual-sleeps-at-workplace": "{Wie} slaapt ook op de plek waar gewerkt wordt.",
    "labour-dangerous-work": "{Wie} werkt zonder helm of handschoenen met gevaarlijke machines.",
    "labour-excessive-hours": "{Wie} werkt zes of zeven dagen per week, vaak meer dan twaalf uur per dag.",
    "labour-wages-withheld": "{Wie} heeft al twee maanden geen loon gekregen.",
    "labour-pay-deductions": "Van het loon van {wie} gaat veel geld af voor huur, vervoer en 'boetes'.",
    "labour-id-retained": "De baas houdt het paspoort van {wie} vast, 'voor de administratie'.",
    "labour-deceptive-recruitment": "{Wie} kwam hier voor ander werk en een hoger loon dan nu wordt betaald.",
    "labour-threats-intimidation": "{Wie} wordt bedreigd met ontslag en met de politie als er geklaagd wordt.",
    "labour-physical-sexual-violence": "{Wie} vertelde dat de voorman slaat als het werk niet snel genoeg gaat.",
    "labour-debt-bondage": "{Wie} heeft een schuld bij de bemiddelaar voor de reis en moet die eerst afbetalen.",
    "labour-no-control-bank-account": "De bankpas van {wie} ligt bij de werkgever.",
    "labour-cash-uninsured": "{Wie} krijgt contant betaald en is niet verzekerd.",
    "labour-employer-housing": "{Wie} woont met tien anderen in een huis van de werkgever, met matrassen op de grond.",
    "labour-unknown-address": "{Wie} kon niet zeggen op welk adres de woning is.",
    "labour-restricted-movement": "{Wie} mag na het werk niet alleen naar buiten; 's avonds gaat de deur op slot.",
    "labour-isolation": "{Wie} werkt en woont op een afgelegen plek en spreekt bijna niemand.",
    "labour-abuse-of-vulnerability": "{Wie} heeft geen verblijfsvergunning en spreekt geen Nederlands of Engels.",
    "labour-total-package": "Reis, woning, werk en verzekering zijn allemaal geregeld door hetzelfde uitzendbureau.",
    "labour-domestic-live-in": "{Wie} woont en werkt als hulp in huis bij een gezin en komt bijna nooit buiten.",
    "criminal-truancy-dropout": "{Wie} komt bijna niet meer op school en wil stoppen.",
    "criminal-school-results-change": "De cijfers van {wie} zijn in korte tijd sterk gedaald.",
    "criminal-unexplained-money-goods": "{Wie} draagt dure merkkleding en heeft veel contant geld, zonder bijbaan.",
    "criminal-always-reachable": "{Wie} moet altijd bereikbaar zijn en gaat meteen weg als de telefoon gaat.",
    "criminal-front-man-money-mule": "Op naam van {wie} staan een bankrekening en een telefoonabonnement die anderen "
    "gebruiken.",
    "criminal-drugs-stolen-goods": "{Wie} werd aangehouden met drugs op zak, maar was nog nooit eerder met de "
    "politie in aanraking.",
    "criminal-waited-for-at-school": "Na school staan er vaak oudere jongens op {wie} te wachten.",
    "criminal-secretive-older-contacts": "{Wie} heeft geheimzinnige contacten met veel oudere mannen.",
    "criminal-anxious-tense": "{Wie} is angstig en schrikt van elk geluid.",
    "criminal-exhaustion": "{Wie} is doodmoe en valt in de les in slaap.",
    "criminal-abuse-self-harm": "{Wie} had verwondingen waarover geen uitleg werd gegeven.",
    "criminal-constant-excuses": "{Wie} komt steeds met smoesjes over waar de avonden worden doorgebracht.",
    "criminal-withdraws-from-network": "{Wie} ziet de eigen familie en oude vrienden bijna niet meer.",
    "criminal-debt-escalating-tasks": "{Wie} zou een 'boete' hebben gekregen en moet die nu afbetalen met steeds "
    "zwaardere klussen.",
    "criminal-vulnerability": "{Wie} heeft een licht verstandelijke beperking en grote schulden.",
    "criminal-recruited-online-or-hangout": "{Wie} is via sociale media benaderd voor 'snel geld verdienen'.",
    "criminal-travels-unexplained": "{Wie} reist zonder duidelijke reden steeds naar andere steden.",
    "criminal-repeatedly-caught-small-role": "{Wie} is al een paar keer opgepakt voor kleine diefstallen, maar het "
    "geld lijkt naar anderen te gaan.",
    "begging-hands-over-proceeds": "Aan het eind van de dag geeft {wie} al het geld af aan een man die langskomt.",
    "begging-brought-and-collected": "Elke ochtend wordt {wie} met een busje gebracht en 's avonds weer opgehaald, "
    "samen met anderen.",
    "begging-watched": "Er staat steeds een man in de buurt die {wie} in de gaten houdt.",
    "begging-vulnerable-person": "{Wie} heeft een zichtbare handicap en zit de hele dag op de grond te bedelen.",
    "begging-punished-if-too-little": "Ik hoorde dat {wie} wordt geslagen als er te weinig geld is opgehaald.",
    "begging-moves-between-places": "{Wie} bedelt elke dag op een andere plek, soms in een andere stad.",
    "begging-minor-with-unrelated-adult": "Een kind bedelt samen met een volwassene die niet de ouder lijkt te zijn.",
    "begging-long-hours-neglected": "{Wie} bedelt van 's ochtends vroeg tot 's avonds laat, ook in de regen, en "
    "ziet er verwaarloosd uit.",
    "organ-unexplained-scar": "{Wie} heeft een vers litteken van een operatie, maar weet niet waarvoor.",
    "organ-offered-money-for-organ": "{Wie} vertelde dat iemand geld bood voor een nier, om een schuld af te lossen.",
    "organ-medical-trip-arranged": "{Wie} is naar het buitenland gereisd voor een operatie die door anderen is "
    "geregeld en betaald.",
    "organ-no-aftercare": "Sinds de ingreep heeft {wie} veel pijn en krijgt geen nazorg.",
    "unknown-cannot-leave": "{Wie} zegt niet weg te kunnen uit deze situatie.",
    "unknown-fear-of-authorities": "{Wie} is erg bang voor de politie en voor instanties.",
    "unknown-others-speak-for-them": "Er is steeds iemand bij die voor {wie} het woord doet.",
    "unknown-no-id": "{Wie} heeft geen eigen identiteitsbewijs bij zich.",
    "unknown-does-not-know-address": "{Wie} weet niet op welk adres gewerkt of gewoond wordt.",
}

# What a form-only report (no indicator ticked) says.
FORM_SENTENCES = {
    "sexual": "Ik denk dat {wie} gedwongen wordt tot seks voor geld.",
    "labour": "Ik denk dat {wie} wordt uitgebuit op het werk.",
    "criminal": "Ik denk dat {wie} wordt gedwongen om criminele klussen te doen.",
    "begging": "Ik denk dat {wie} gedwongen wordt om te bedelen.",
    "organ": "Ik vermoed dat {wie} onder druk is gezet om een orgaan af te staan.",
    "unknown": "Ik weet niet precies wat er aan de hand is, maar het klopt niet.",
}

CLOSINGS = {
    "professional": (
        "Ik ben {beroep} en maak me zorgen. Graag overleg over de volgende stappen.",
        "Gemeld door een {beroep}; de cliënt weet niet van deze melding.",
        "Ik werk als {beroep} en zie dit al een tijd gebeuren.",
    ),
    "anonymous-citizen": (
        "Ik wil liever anoniem blijven, maar ik maak me echt zorgen.",
        "Ik weet niet zeker of het klopt, maar het voelt niet goed.",
    ),
    "identified-citizen": (
        "U mag mij bellen als u meer wilt weten.",
        "Ik woon zelf in de buurt en kan meer vertellen.",
    ),
    "online-source": (
        "Gevonden bij online monitoring; de advertentie staat nog online.",
        "Het profiel is de afgelopen week een paar keer aangepast.",
    ),
    "hotline": (
        "Beller wil anoniem blijven en belt volgende week terug.",
        "Telefonisch aangenomen via de meldlijn.",
    ),
    "partner-system": (
        "Overgenomen uit het registratiesysteem van de partner.",
        "Automatisch doorgestuurd na een intake bij de partnerorganisatie.",
    ),
}

PROFESSIONS = (
    "wijkagent",
    "leerplichtambtenaar",
    "huisarts",
    "jongerenwerker",
    "medewerker van de GGD",
    "arbeidsinspecteur",
    "docent",
    "wijkverpleegkundige",
    "schuldhulpverlener",
    "medewerker van een asielzoekerscentrum",
)

# Invented advertisements; they only ever link to example domains.
AD_TEXTS = {
    "sexual": "Nieuw in de stad! Jong meisje, 24/7 beschikbaar, ook bij jou thuis.",
    "labour": "Werk in de bouw of de kassen, direct beginnen, woning en vervoer geregeld, geen papieren nodig.",
    "criminal": "Snel geld verdienen? Stuur een DM. Alleen voor wie durft.",
    "begging": "Vervoer en slaapplek in Nederland, werk op straat, goed verdienen.",
    "organ": "Schulden? Wij helpen. Goede beloning voor een kleine medische ingreep in het buitenland.",
    "unknown": "Werk en woning aangeboden, hoge beloning, vandaag nog beginnen.",
}


def subject_words(*, gender: str, age: int | None, name: str) -> tuple[str, str]:
    """How the account refers to the possible victim: ("De vrouw", "de vrouw"), or a first name."""
    if name:
        first = name.split()[0]
        return first, first
    minor = age is not None and age < 18
    words = {
        ("female", True): "het meisje",
        ("female", False): "de vrouw",
        ("male", True): "de jongen",
        ("male", False): "de man",
    }.get((gender, minor), "deze persoon")
    return words[0].upper() + words[1:], words


def account_text(
    rng: random.Random,
    *,
    place_type: str,
    place_name: str,
    form: str,
    indicators: list[str],
    source_type: str,
    victim: tuple[str, str],
    details: list[str],
    ad_url: str = "",
) -> str:
    """A reporter's account: opening, what was seen (one sentence per indicator), details, closing."""
    parts = []
    if ad_url:
        parts.append(f"Advertentie op {ad_url}: '{AD_TEXTS[form]}'")
    opening = ONLINE_OPENINGS[form] if place_type == "online" else rng.choice(OPENINGS[place_type])
    parts.append(opening.format(plaats=place_name, sinds=rng.choice(SINCE)))
    subject, subject_lower = victim
    sentences = [INDICATOR_SENTENCES[code] for code in indicators] or [FORM_SENTENCES[form]]
    parts += [sentence.format(Wie=subject, wie=subject_lower) for sentence in sentences]
    parts += details
    parts.append(rng.choice(CLOSINGS[source_type]).format(beroep=rng.choice(PROFESSIONS)))
    return " ".join(parts)
