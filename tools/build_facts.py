"""Build the knowledge base file ``plugins/data/facts.json`` from the compact tables below.

Run ``python tools/build_facts.py`` after editing a table and commit both files. Every fact
names the page it comes from; a fact whose source we could not name with certainty is left
out rather than guessed. ``compiled`` is the day the citation was compiled, not a
publication date of the page (reference works such as Wikipedia are living pages).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from workbench import validation

VERSION = "2026.11.1"
COMPILED = "2026-11-23"
OUT = Path(__file__).resolve().parent.parent / "plugins" / "data" / "facts.json"


def wiki(title: str) -> dict[str, str]:
    """A source record for an English Wikipedia article."""
    return {"publisher": "Wikipedia", "title": title,
            "url": "https://en.wikipedia.org/wiki/" + quote(title.replace(" ", "_")),
            "date": COMPILED, "date_kind": "compiled"}


def nobel(year: int) -> dict[str, str]:
    """A source record for the Nobel Peace Prize summary page of ``year``."""
    return {"publisher": "Nobel Prize Outreach (nobelprize.org)",
            "title": f"The Nobel Peace Prize {year}",
            "url": f"https://www.nobelprize.org/prizes/peace/{year}/summary/",
            "date": COMPILED, "date_kind": "compiled"}


# ------------------------------------------------------------------------------------------
# Entities: id -> (name, type, aliases). Aliases are matched case-insensitively as words;
# "topics" are used only to resolve a bare "the treaty" from the surrounding sentences.
# ------------------------------------------------------------------------------------------

ENTITIES: dict[str, tuple[str, str, list[str]]] = {
    # Space law
    "outer-space-treaty": ("Outer Space Treaty", "treaty", [
        "Outer Space Treaty", "Treaty on Principles Governing the Activities of States in the "
        "Exploration and Use of Outer Space", "space treaty", "outer space treaties",
        "space treaties", "1967 space treaty"]),
    "rescue-agreement": ("Rescue Agreement", "treaty", [
        "Rescue Agreement", "Agreement on the Rescue of Astronauts"]),
    "liability-convention": ("Space Liability Convention", "treaty", [
        "Space Liability Convention", "Liability Convention",
        "Convention on International Liability for Damage Caused by Space Objects"]),
    "registration-convention": ("Registration Convention", "treaty", [
        "Registration Convention", "Convention on Registration of Objects Launched into "
        "Outer Space"]),
    "moon-agreement": ("Moon Agreement", "treaty", ["Moon Agreement", "Moon Treaty"]),
    # Arms control
    "ptbt": ("Partial Nuclear Test Ban Treaty", "treaty", [
        "Partial Test Ban Treaty", "Partial Nuclear Test Ban Treaty", "Limited Test Ban Treaty",
        "PTBT", "LTBT"]),
    "npt": ("Treaty on the Non-Proliferation of Nuclear Weapons", "treaty", [
        "Treaty on the Non-Proliferation of Nuclear Weapons", "Non-Proliferation Treaty",
        "Nuclear Non-Proliferation Treaty", "nonproliferation treaty", "NPT"]),
    "ctbt": ("Comprehensive Nuclear-Test-Ban Treaty", "treaty", [
        "Comprehensive Nuclear-Test-Ban Treaty", "Comprehensive Test Ban Treaty",
        "Comprehensive Nuclear Test Ban Treaty", "CTBT", "test ban treaty"]),
    "abm-treaty": ("Anti-Ballistic Missile Treaty", "treaty", [
        "Anti-Ballistic Missile Treaty", "ABM Treaty", "Antiballistic Missile Treaty"]),
    "salt-i": ("SALT I", "treaty", ["SALT I", "Interim Agreement on strategic offensive arms"]),
    "salt-ii": ("SALT II", "treaty", ["SALT II"]),
    "inf-treaty": ("Intermediate-Range Nuclear Forces Treaty", "treaty", [
        "Intermediate-Range Nuclear Forces Treaty", "INF Treaty",
        "Intermediate Nuclear Forces Treaty", "INF"]),
    "start-i": ("START I", "treaty", ["START I", "Strategic Arms Reduction Treaty"]),
    "new-start": ("New START", "treaty", ["New START"]),
    "ottawa-treaty": ("Ottawa Treaty (Mine Ban Convention)", "treaty", [
        "Ottawa Treaty", "Ottawa Convention", "Mine Ban Treaty", "Mine Ban Convention",
        "Anti-Personnel Mine Ban Convention", "landmine convention", "landmines convention",
        "landmine treaty", "landmines treaty", "land mine treaty", "treaty banning landmines",
        "treaty banning anti-personnel landmines", "anti-personnel landmines treaty"]),
    "cwc": ("Chemical Weapons Convention", "treaty", [
        "Chemical Weapons Convention", "CWC"]),
    "bwc": ("Biological Weapons Convention", "treaty", [
        "Biological Weapons Convention", "BWC", "Biological and Toxin Weapons Convention"]),
    "att": ("Arms Trade Treaty", "treaty", ["Arms Trade Treaty"]),
    "tpnw": ("Treaty on the Prohibition of Nuclear Weapons", "treaty", [
        "Treaty on the Prohibition of Nuclear Weapons", "TPNW", "nuclear ban treaty"]),
    "ccm": ("Convention on Cluster Munitions", "treaty", [
        "Convention on Cluster Munitions", "cluster munitions convention",
        "cluster munitions treaty"]),
    "jcpoa": ("Joint Comprehensive Plan of Action", "treaty", [
        "Joint Comprehensive Plan of Action", "JCPOA", "Iran nuclear deal",
        "Iran nuclear agreement"]),
    # Law of the sea, environment
    "unclos": ("United Nations Convention on the Law of the Sea", "treaty", [
        "United Nations Convention on the Law of the Sea", "UN Convention on the Law of the Sea",
        "Law of the Sea Convention", "Convention on the Law of the Sea", "UNCLOS",
        "law of the sea treaty"]),
    "kyoto-protocol": ("Kyoto Protocol", "treaty", ["Kyoto Protocol", "Kyoto accord"]),
    "paris-agreement": ("Paris Agreement", "treaty", [
        "Paris Agreement", "Paris climate agreement", "Paris climate accord"]),
    # Trade
    "gatt": ("General Agreement on Tariffs and Trade", "treaty", [
        "General Agreement on Tariffs and Trade", "GATT"]),
    "cusfta": ("Canada–United States Free Trade Agreement", "treaty", [
        "Canada–United States Free Trade Agreement", "Canada-United States Free Trade Agreement",
        "Canada-U.S. Free Trade Agreement", "Canada-US Free Trade Agreement", "CUSFTA"]),
    "nafta": ("North American Free Trade Agreement", "treaty", [
        "North American Free Trade Agreement", "NAFTA"]),
    "usmca": ("United States–Mexico–Canada Agreement", "treaty", [
        "United States–Mexico–Canada Agreement", "United States-Mexico-Canada Agreement",
        "Canada-United States-Mexico Agreement", "USMCA", "CUSMA", "T-MEC", "new NAFTA"]),
    "cptpp": ("Comprehensive and Progressive Agreement for Trans-Pacific Partnership", "treaty", [
        "Comprehensive and Progressive Agreement for Trans-Pacific Partnership", "CPTPP"]),
    "ceta": ("Comprehensive Economic and Trade Agreement", "treaty", [
        "Comprehensive Economic and Trade Agreement", "CETA"]),
    "north-atlantic-treaty": ("North Atlantic Treaty", "treaty", [
        "North Atlantic Treaty", "Washington Treaty"]),
    "un-charter": ("Charter of the United Nations", "treaty", [
        "Charter of the United Nations", "UN Charter", "United Nations Charter"]),
    "helsinki-final-act": ("Helsinki Final Act", "treaty", [
        "Helsinki Final Act", "Helsinki Accords", "Helsinki Accord"]),
    "five-principles": ("Five Principles of Peaceful Coexistence", "doctrine", [
        "Five Principles of Peaceful Coexistence"]),
    # Organisations
    "nato": ("North Atlantic Treaty Organization", "organization", [
        "North Atlantic Treaty Organization", "North Atlantic Treaty Organisation", "NATO",
        "the Atlantic alliance", "the North Atlantic alliance"]),
    "un": ("United Nations", "organization", ["United Nations", "the UN", "the U.N."]),
    "wto": ("World Trade Organization", "organization", [
        "World Trade Organization", "World Trade Organisation", "WTO"]),
    "g7": ("Group of Seven", "organization", ["Group of Seven", "G7", "G-7"]),
    "g20": ("Group of Twenty", "organization", ["Group of Twenty", "G20", "G-20"]),
    "apec": ("Asia-Pacific Economic Cooperation", "organization", [
        "Asia-Pacific Economic Cooperation", "APEC"]),
    "sco": ("Shanghai Cooperation Organisation", "organization", [
        "Shanghai Cooperation Organisation", "Shanghai Cooperation Organization", "SCO"]),
    "asean": ("Association of Southeast Asian Nations", "organization", [
        "Association of Southeast Asian Nations", "ASEAN"]),
    "norad": ("North American Aerospace Defense Command", "organization", [
        "North American Aerospace Defense Command", "North American Air Defense Command",
        "NORAD"]),
    "osce": ("Organization for Security and Co-operation in Europe", "organization", [
        "Organization for Security and Co-operation in Europe", "OSCE"]),
    "pugwash": ("Pugwash Conferences on Science and World Affairs", "organization", [
        "Pugwash Conferences on Science and World Affairs", "Pugwash Conferences",
        "Pugwash Conference", "Pugwash movement", "Pugwash"]),
    "icbl": ("International Campaign to Ban Landmines", "organization", [
        "International Campaign to Ban Landmines", "ICBL"]),
    "ican": ("International Campaign to Abolish Nuclear Weapons", "organization", [
        "International Campaign to Abolish Nuclear Weapons", "ICAN"]),
    "iaea": ("International Atomic Energy Agency", "organization", [
        "International Atomic Energy Agency", "IAEA"]),
    "opcw": ("Organisation for the Prohibition of Chemical Weapons", "organization", [
        "Organisation for the Prohibition of Chemical Weapons",
        "Organization for the Prohibition of Chemical Weapons", "OPCW"]),
    "eu": ("European Union", "organization", ["European Union", "the EU"]),
    "msf": ("Médecins Sans Frontières", "organization", [
        "Médecins Sans Frontières", "Medecins Sans Frontieres", "Doctors Without Borders",
        "MSF"]),
    "amnesty": ("Amnesty International", "organization", ["Amnesty International"]),
    "unhcr": ("Office of the UN High Commissioner for Refugees", "organization", [
        "UNHCR", "UN High Commissioner for Refugees",
        "United Nations High Commissioner for Refugees", "UN refugee agency"]),
    "ippnw": ("International Physicians for the Prevention of Nuclear War", "organization", [
        "International Physicians for the Prevention of Nuclear War", "IPPNW"]),
    "ipcc": ("Intergovernmental Panel on Climate Change", "organization", [
        "Intergovernmental Panel on Climate Change", "IPCC"]),
    "wfp": ("World Food Programme", "organization", [
        "World Food Programme", "World Food Program", "WFP"]),
    "un-peacekeeping": ("United Nations Peacekeeping Forces", "organization", [
        "United Nations Peacekeeping Forces", "UN peacekeeping forces", "UN peacekeepers"]),
    "grameen-bank": ("Grameen Bank", "organization", ["Grameen Bank"]),
    "tunisian-quartet": ("Tunisian National Dialogue Quartet", "organization", [
        "Tunisian National Dialogue Quartet", "National Dialogue Quartet"]),
    "nihon-hidankyo": ("Nihon Hidankyo", "organization", ["Nihon Hidankyo"]),
    "memorial": ("Memorial", "organization", ["Memorial human rights organisation"]),
    "ccl-ukraine": ("Center for Civil Liberties", "organization", [
        "Center for Civil Liberties"]),
    "nobel-peace-prize": ("Nobel Peace Prize", "prize", [
        "Nobel Peace Prize", "Nobel Prize for Peace", "peace prize"]),
    # Offices
    "pm-canada": ("Prime Minister of Canada", "office", [
        "Prime Minister of Canada", "Canadian prime minister", "Canada's prime minister",
        "prime minister of Canada", "Canadian Prime Minister", "Canada's Prime Minister"]),
    "fm-canada": ("Minister of Foreign Affairs of Canada", "office", [
        "Minister of Foreign Affairs of Canada", "Canada's foreign minister",
        "Canadian foreign minister", "foreign minister of Canada",
        "Canada's Minister of Foreign Affairs", "Canadian Minister of Foreign Affairs",
        "Secretary of State for External Affairs", "Canada's foreign affairs minister",
        "Canada's Secretary of State for External Affairs"]),
    "president-us": ("President of the United States", "office", [
        "President of the United States", "US president", "U.S. president",
        "American president", "president of the US", "president of the U.S."]),
    "secstate-us": ("United States Secretary of State", "office", [
        "United States Secretary of State", "US Secretary of State", "U.S. Secretary of State",
        "American secretary of state"]),
    "president-china": ("President of China", "office", [
        "President of China", "Chinese president", "China's president",
        "President of the People's Republic of China"]),
    "premier-china": ("Premier of China", "office", [
        "Premier of China", "Chinese premier", "China's premier",
        "Premier of the State Council"]),
    "fm-china": ("Minister of Foreign Affairs of China", "office", [
        "Chinese foreign minister", "China's foreign minister", "foreign minister of China"]),
    "un-sg": ("Secretary-General of the United Nations", "office", [
        "Secretary-General of the United Nations", "UN Secretary-General",
        "U.N. Secretary-General", "UN secretary general", "United Nations Secretary-General"]),
    "nato-sg": ("Secretary General of NATO", "office", [
        "Secretary General of NATO", "NATO Secretary General", "NATO secretary-general",
        "NATO's secretary general"]),
    "wto-dg": ("Director-General of the WTO", "office", [
        "Director-General of the World Trade Organization", "WTO Director-General",
        "WTO director general", "head of the WTO"]),
    # Countries (for "X joined", "X recognised China")
    "canada": ("Canada", "country", ["Canada", "Ottawa's government", "Canadian government"]),
    "united-states": ("United States", "country", [
        "United States", "the US", "the U.S.", "USA", "Washington"]),
    "prc": ("People's Republic of China", "country", [
        "People's Republic of China", "China", "PRC", "Beijing"]),
    "france": ("France", "country", ["France"]),
    "italy": ("Italy", "country", ["Italy"]),
    "japan": ("Japan", "country", ["Japan"]),
    "west-germany": ("West Germany", "country", ["West Germany", "Federal Republic of Germany"]),
    "australia": ("Australia", "country", ["Australia"]),
    "united-kingdom": ("United Kingdom", "country", [
        "United Kingdom", "Britain", "the UK", "the U.K."]),
    "mexico": ("Mexico", "country", ["Mexico"]),
    "finland": ("Finland", "country", ["Finland"]),
    "sweden": ("Sweden", "country", ["Sweden"]),
    "north-macedonia": ("North Macedonia", "country", ["North Macedonia"]),
    "montenegro": ("Montenegro", "country", ["Montenegro"]),
    "albania": ("Albania", "country", ["Albania"]),
    "croatia": ("Croatia", "country", ["Croatia"]),
    "poland": ("Poland", "country", ["Poland"]),
    "hungary": ("Hungary", "country", ["Hungary"]),
    "czech-republic": ("Czech Republic", "country", ["Czech Republic", "Czechia"]),
    "bulgaria": ("Bulgaria", "country", ["Bulgaria"]),
    "estonia": ("Estonia", "country", ["Estonia"]),
    "latvia": ("Latvia", "country", ["Latvia"]),
    "lithuania": ("Lithuania", "country", ["Lithuania"]),
    "romania": ("Romania", "country", ["Romania"]),
    "slovakia": ("Slovakia", "country", ["Slovakia"]),
    "slovenia": ("Slovenia", "country", ["Slovenia"]),
    "greece": ("Greece", "country", ["Greece"]),
    "turkey": ("Turkey", "country", ["Turkey", "Türkiye"]),
    "spain": ("Spain", "country", ["Spain"]),
    "russia": ("Russia", "country", ["Russia", "Russian Federation"]),
    "india": ("India", "country", ["India"]),
    "pakistan": ("Pakistan", "country", ["Pakistan"]),
    "iran": ("Iran", "country", ["Iran"]),
    "belarus": ("Belarus", "country", ["Belarus"]),
    "south-sudan": ("South Sudan", "country", ["South Sudan"]),
    # Trade measures
    "s232-steel": ("US Section 232 tariffs on steel", "trade-measure", [
        "Section 232 tariffs on steel", "Section 232 steel tariffs", "steel tariffs",
        "steel tariff", "tariffs on steel", "tariff on steel", "duties on steel",
        "tariffs on steel imports", "tariff on steel imports", "tariffs on imported steel"]),
    "s232-aluminum": ("US Section 232 tariffs on aluminum", "trade-measure", [
        "Section 232 tariffs on aluminum", "Section 232 aluminum tariffs", "aluminum tariffs",
        "aluminium tariffs", "aluminum tariff", "aluminium tariff", "tariffs on aluminum",
        "tariffs on aluminium", "tariff on aluminum", "tariff on aluminium",
        "duties on aluminum", "duties on aluminium", "tariffs on aluminum imports"]),
    "s232-steel-aluminum": ("US Section 232 tariffs on steel and aluminum", "trade-measure", [
        "tariffs on steel and aluminum", "tariffs on steel and aluminium",
        "tariffs on aluminum and steel", "tariffs on aluminium and steel",
        "steel and aluminum tariffs", "steel and aluminium tariffs",
        "aluminum and steel tariffs", "aluminium and steel tariffs", "Section 232 tariffs"]),
    "canada-countermeasures-2018": ("Canada's 2018 countermeasures on US goods",
                                     "trade-measure", [
        "Canada's retaliatory tariffs", "Canadian retaliatory tariffs",
        "Canada's countermeasures", "Canadian countermeasures", "retaliatory tariffs",
        "counter-tariffs", "countermeasures"]),
    # Events
    "canada-china-relations": ("Canada–China diplomatic relations", "event", [
        "Canada–China relations", "Canada-China relations", "Sino-Canadian relations",
        "diplomatic relations between Canada and China",
        "diplomatic relations between Canada and the People's Republic of China"]),
    "us-china-relations": ("China–United States diplomatic relations", "event", [
        "China–United States relations", "China-US relations", "US-China relations",
        "Sino-American relations", "diplomatic relations between the United States and China"]),
    "nixon-china-visit": ("Nixon's visit to China", "event", [
        "Nixon's visit to China", "Nixon visit to China", "Nixon went to China",
        "Nixon's trip to China", "Shanghai Communiqué", "Shanghai Communique"]),
    "meng-arrest": ("Arrest of Meng Wanzhou", "event", [
        "arrest of Meng Wanzhou", "Meng Wanzhou's arrest", "Meng Wanzhou was arrested",
        "arrested Meng Wanzhou"]),
    "two-michaels": ("Detention of Michael Kovrig and Michael Spavor", "event", [
        "Two Michaels", "Michael Kovrig", "Michael Spavor"]),
    "berlin-wall-fall": ("Fall of the Berlin Wall", "event", [
        "fall of the Berlin Wall", "Berlin Wall fell", "Berlin Wall came down"]),
    "ussr-dissolution": ("Dissolution of the Soviet Union", "event", [
        "dissolution of the Soviet Union", "collapse of the Soviet Union",
        "Soviet Union collapsed", "Soviet Union dissolved", "breakup of the Soviet Union"]),
    "mandela-release": ("Release of Nelson Mandela", "event", [
        "Nelson Mandela's release", "release of Nelson Mandela", "Mandela's release",
        "Mandela was released"]),
    "good-friday-agreement": ("Good Friday Agreement", "treaty", [
        "Good Friday Agreement", "Belfast Agreement"]),
    "rome-peace-accords": ("Rome General Peace Accords", "treaty", [
        "Rome General Peace Accords", "Mozambique peace accord", "Mozambique peace agreement"]),
    "russell-einstein-manifesto": ("Russell–Einstein Manifesto", "document", [
        "Russell–Einstein Manifesto", "Russell-Einstein Manifesto"]),
    "china-wto-accession": ("China's accession to the WTO", "event", [
        "China's accession to the WTO", "China joined the WTO",
        "China's entry into the WTO", "China joined the World Trade Organization"]),
}

PEOPLE: dict[str, tuple[str, list[str]]] = {
    # id -> (name, aliases); all "person" entities
    "lester-pearson": ("Lester B. Pearson", [
        "Lester B. Pearson", "Lester Pearson", "Mike Pearson"]),
    "pierre-trudeau": ("Pierre Trudeau", ["Pierre Elliott Trudeau", "Pierre Trudeau"]),
    "joe-clark": ("Joe Clark", ["Joe Clark", "Charles Joseph Clark"]),
    "john-turner": ("John Turner", ["John Turner", "John Napier Turner"]),
    "brian-mulroney": ("Brian Mulroney", ["Brian Mulroney", "Mulroney"]),
    "kim-campbell": ("Kim Campbell", ["Kim Campbell"]),
    "jean-chretien": ("Jean Chrétien", ["Jean Chrétien", "Jean Chretien", "Chrétien",
                                         "Chretien"]),
    "paul-martin": ("Paul Martin", ["Paul Martin"]),
    "stephen-harper": ("Stephen Harper", ["Stephen Harper"]),
    "justin-trudeau": ("Justin Trudeau", ["Justin Trudeau"]),
    "mark-carney": ("Mark Carney", ["Mark Carney"]),
    "mitchell-sharp": ("Mitchell Sharp", ["Mitchell Sharp"]),
    "allan-maceachen": ("Allan MacEachen", ["Allan MacEachen", "Allan J. MacEachen"]),
    "don-jamieson": ("Don Jamieson", ["Don Jamieson"]),
    "flora-macdonald": ("Flora MacDonald", ["Flora MacDonald"]),
    "mark-macguigan": ("Mark MacGuigan", ["Mark MacGuigan"]),
    "barbara-mcdougall": ("Barbara McDougall", ["Barbara McDougall"]),
    "andre-ouellet": ("André Ouellet", ["André Ouellet", "Andre Ouellet"]),
    "lloyd-axworthy": ("Lloyd Axworthy", ["Lloyd Axworthy", "Axworthy"]),
    "john-manley": ("John Manley", ["John Manley"]),
    "bill-graham": ("Bill Graham", ["Bill Graham"]),
    "pierre-pettigrew": ("Pierre Pettigrew", ["Pierre Pettigrew"]),
    "peter-mackay": ("Peter MacKay", ["Peter MacKay"]),
    "maxime-bernier": ("Maxime Bernier", ["Maxime Bernier"]),
    "lawrence-cannon": ("Lawrence Cannon", ["Lawrence Cannon"]),
    "john-baird": ("John Baird", ["John Baird"]),
    "stephane-dion": ("Stéphane Dion", ["Stéphane Dion", "Stephane Dion"]),
    "chrystia-freeland": ("Chrystia Freeland", ["Chrystia Freeland", "Freeland"]),
    "francois-philippe-champagne": ("François-Philippe Champagne", [
        "François-Philippe Champagne", "Francois-Philippe Champagne"]),
    "marc-garneau": ("Marc Garneau", ["Marc Garneau"]),
    "melanie-joly": ("Mélanie Joly", ["Mélanie Joly", "Melanie Joly"]),
    "anita-anand": ("Anita Anand", ["Anita Anand"]),
    "harry-truman": ("Harry S. Truman", ["Harry S. Truman", "Harry Truman", "Truman"]),
    "dwight-eisenhower": ("Dwight D. Eisenhower", ["Dwight D. Eisenhower", "Dwight Eisenhower",
                                                   "Eisenhower"]),
    "john-kennedy": ("John F. Kennedy", ["John F. Kennedy", "John Kennedy", "JFK"]),
    "lyndon-johnson": ("Lyndon B. Johnson", ["Lyndon B. Johnson", "Lyndon Johnson"]),
    "richard-nixon": ("Richard Nixon", ["Richard Nixon", "Richard M. Nixon", "Nixon"]),
    "gerald-ford": ("Gerald Ford", ["Gerald Ford", "Gerald R. Ford"]),
    "jimmy-carter": ("Jimmy Carter", ["Jimmy Carter"]),
    "ronald-reagan": ("Ronald Reagan", ["Ronald Reagan", "Reagan"]),
    "george-hw-bush": ("George H. W. Bush", ["George H. W. Bush", "George H.W. Bush"]),
    "bill-clinton": ("Bill Clinton", ["Bill Clinton"]),
    "george-w-bush": ("George W. Bush", ["George W. Bush"]),
    "barack-obama": ("Barack Obama", ["Barack Obama", "Obama"]),
    "donald-trump": ("Donald Trump", ["Donald Trump", "Donald J. Trump", "Trump"]),
    "joe-biden": ("Joe Biden", ["Joe Biden", "Biden"]),
    "henry-kissinger": ("Henry Kissinger", ["Henry Kissinger", "Kissinger"]),
    "george-shultz": ("George Shultz", ["George Shultz", "George P. Shultz"]),
    "james-baker": ("James Baker", ["James Baker", "James A. Baker"]),
    "warren-christopher": ("Warren Christopher", ["Warren Christopher"]),
    "madeleine-albright": ("Madeleine Albright", ["Madeleine Albright"]),
    "colin-powell": ("Colin Powell", ["Colin Powell"]),
    "condoleezza-rice": ("Condoleezza Rice", ["Condoleezza Rice"]),
    "hillary-clinton": ("Hillary Clinton", ["Hillary Clinton", "Hillary Rodham Clinton"]),
    "john-kerry": ("John Kerry", ["John Kerry"]),
    "rex-tillerson": ("Rex Tillerson", ["Rex Tillerson", "Tillerson"]),
    "mike-pompeo": ("Mike Pompeo", ["Mike Pompeo", "Pompeo"]),
    "antony-blinken": ("Antony Blinken", ["Antony Blinken", "Blinken"]),
    "marco-rubio": ("Marco Rubio", ["Marco Rubio", "Rubio"]),
    "jiang-zemin": ("Jiang Zemin", ["Jiang Zemin"]),
    "hu-jintao": ("Hu Jintao", ["Hu Jintao"]),
    "xi-jinping": ("Xi Jinping", ["Xi Jinping", "President Xi"]),
    "zhu-rongji": ("Zhu Rongji", ["Zhu Rongji"]),
    "wen-jiabao": ("Wen Jiabao", ["Wen Jiabao"]),
    "li-keqiang": ("Li Keqiang", ["Li Keqiang"]),
    "li-qiang": ("Li Qiang", ["Li Qiang"]),
    "qian-qichen": ("Qian Qichen", ["Qian Qichen"]),
    "tang-jiaxuan": ("Tang Jiaxuan", ["Tang Jiaxuan"]),
    "li-zhaoxing": ("Li Zhaoxing", ["Li Zhaoxing"]),
    "yang-jiechi": ("Yang Jiechi", ["Yang Jiechi"]),
    "wang-yi": ("Wang Yi", ["Wang Yi"]),
    "qin-gang": ("Qin Gang", ["Qin Gang"]),
    "kofi-annan": ("Kofi Annan", ["Kofi Annan"]),
    "ban-ki-moon": ("Ban Ki-moon", ["Ban Ki-moon"]),
    "antonio-guterres": ("António Guterres", ["António Guterres", "Antonio Guterres",
                                               "Guterres"]),
    "boutros-ghali": ("Boutros Boutros-Ghali", ["Boutros Boutros-Ghali", "Boutros-Ghali"]),
    "javier-perez-de-cuellar": ("Javier Pérez de Cuéllar", ["Javier Pérez de Cuéllar",
                                                            "Javier Perez de Cuellar",
                                                            "Pérez de Cuéllar"]),
    "javier-solana": ("Javier Solana", ["Javier Solana"]),
    "george-robertson": ("George Robertson", ["George Robertson", "Lord Robertson"]),
    "jaap-de-hoop-scheffer": ("Jaap de Hoop Scheffer", ["Jaap de Hoop Scheffer"]),
    "anders-fogh-rasmussen": ("Anders Fogh Rasmussen", ["Anders Fogh Rasmussen"]),
    "jens-stoltenberg": ("Jens Stoltenberg", ["Jens Stoltenberg", "Stoltenberg"]),
    "mark-rutte": ("Mark Rutte", ["Mark Rutte", "Rutte"]),
    "renato-ruggiero": ("Renato Ruggiero", ["Renato Ruggiero"]),
    "mike-moore": ("Mike Moore", ["Mike Moore"]),
    "supachai": ("Supachai Panitchpakdi", ["Supachai Panitchpakdi", "Supachai"]),
    "pascal-lamy": ("Pascal Lamy", ["Pascal Lamy"]),
    "roberto-azevedo": ("Roberto Azevêdo", ["Roberto Azevêdo", "Roberto Azevedo"]),
    "ngozi-okonjo-iweala": ("Ngozi Okonjo-Iweala", ["Ngozi Okonjo-Iweala", "Okonjo-Iweala"]),
    "joseph-rotblat": ("Joseph Rotblat", ["Joseph Rotblat", "Sir Joseph Rotblat", "Rotblat"]),
    "jody-williams": ("Jody Williams", ["Jody Williams"]),
    "nelson-mandela": ("Nelson Mandela", ["Nelson Mandela", "Mandela"]),
    "fw-de-klerk": ("F. W. de Klerk", ["F. W. de Klerk", "F.W. de Klerk", "de Klerk"]),
    "willy-brandt": ("Willy Brandt", ["Willy Brandt"]),
    "le-duc-tho": ("Le Duc Tho", ["Le Duc Tho"]),
    "andrei-sakharov": ("Andrei Sakharov", ["Andrei Sakharov", "Sakharov"]),
    "mother-teresa": ("Mother Teresa", ["Mother Teresa"]),
    "anwar-sadat": ("Anwar Sadat", ["Anwar Sadat", "Anwar al-Sadat", "Sadat"]),
    "menachem-begin": ("Menachem Begin", ["Menachem Begin"]),
    "alva-myrdal": ("Alva Myrdal", ["Alva Myrdal"]),
    "alfonso-garcia-robles": ("Alfonso García Robles", ["Alfonso García Robles",
                                                        "Alfonso Garcia Robles"]),
    "lech-walesa": ("Lech Wałęsa", ["Lech Wałęsa", "Lech Walesa"]),
    "desmond-tutu": ("Desmond Tutu", ["Desmond Tutu"]),
    "elie-wiesel": ("Elie Wiesel", ["Elie Wiesel"]),
    "oscar-arias": ("Óscar Arias", ["Óscar Arias", "Oscar Arias"]),
    "dalai-lama": ("The 14th Dalai Lama", ["Dalai Lama"]),
    "mikhail-gorbachev": ("Mikhail Gorbachev", ["Mikhail Gorbachev", "Gorbachev"]),
    "aung-san-suu-kyi": ("Aung San Suu Kyi", ["Aung San Suu Kyi"]),
    "rigoberta-menchu": ("Rigoberta Menchú", ["Rigoberta Menchú", "Rigoberta Menchu"]),
    "yasser-arafat": ("Yasser Arafat", ["Yasser Arafat", "Arafat"]),
    "shimon-peres": ("Shimon Peres", ["Shimon Peres"]),
    "yitzhak-rabin": ("Yitzhak Rabin", ["Yitzhak Rabin"]),
    "carlos-belo": ("Carlos Filipe Ximenes Belo", ["Carlos Filipe Ximenes Belo",
                                                   "Carlos Belo"]),
    "jose-ramos-horta": ("José Ramos-Horta", ["José Ramos-Horta", "Jose Ramos-Horta",
                                               "Ramos-Horta"]),
    "john-hume": ("John Hume", ["John Hume"]),
    "david-trimble": ("David Trimble", ["David Trimble"]),
    "kim-dae-jung": ("Kim Dae-jung", ["Kim Dae-jung"]),
    "shirin-ebadi": ("Shirin Ebadi", ["Shirin Ebadi"]),
    "wangari-maathai": ("Wangari Maathai", ["Wangari Maathai"]),
    "mohamed-elbaradei": ("Mohamed ElBaradei", ["Mohamed ElBaradei", "ElBaradei"]),
    "muhammad-yunus": ("Muhammad Yunus", ["Muhammad Yunus"]),
    "al-gore": ("Al Gore", ["Al Gore"]),
    "martti-ahtisaari": ("Martti Ahtisaari", ["Martti Ahtisaari"]),
    "liu-xiaobo": ("Liu Xiaobo", ["Liu Xiaobo"]),
    "ellen-johnson-sirleaf": ("Ellen Johnson Sirleaf", ["Ellen Johnson Sirleaf"]),
    "leymah-gbowee": ("Leymah Gbowee", ["Leymah Gbowee"]),
    "tawakkol-karman": ("Tawakkol Karman", ["Tawakkol Karman"]),
    "kailash-satyarthi": ("Kailash Satyarthi", ["Kailash Satyarthi"]),
    "malala-yousafzai": ("Malala Yousafzai", ["Malala Yousafzai", "Malala"]),
    "juan-manuel-santos": ("Juan Manuel Santos", ["Juan Manuel Santos"]),
    "denis-mukwege": ("Denis Mukwege", ["Denis Mukwege"]),
    "nadia-murad": ("Nadia Murad", ["Nadia Murad"]),
    "abiy-ahmed": ("Abiy Ahmed", ["Abiy Ahmed"]),
    "maria-ressa": ("Maria Ressa", ["Maria Ressa"]),
    "dmitry-muratov": ("Dmitry Muratov", ["Dmitry Muratov"]),
    "ales-bialiatski": ("Ales Bialiatski", ["Ales Bialiatski"]),
    "narges-mohammadi": ("Narges Mohammadi", ["Narges Mohammadi"]),
}

# ------------------------------------------------------------------------------------------
# Facts: (entity, property, value, qualifiers, source). A value is a date string
# ("1967", "1967-01" or "1967-01-27"), a number (int/float, unit in qualifiers), a
# (start, end) tuple for a period (end None: ongoing), or text in a {"text": ...} dict.
# ------------------------------------------------------------------------------------------

W = wiki

TREATY_DATES: list[tuple[str, str, str, str]] = [
    # entity, property, date, source article
    ("outer-space-treaty", "opened_for_signature", "1967-01-27", "Outer Space Treaty"),
    ("outer-space-treaty", "entered_into_force", "1967-10-10", "Outer Space Treaty"),
    ("rescue-agreement", "opened_for_signature", "1968-04-22", "Rescue Agreement"),
    ("rescue-agreement", "entered_into_force", "1968-12-03", "Rescue Agreement"),
    ("liability-convention", "opened_for_signature", "1972-03-29",
     "Space Liability Convention"),
    ("liability-convention", "entered_into_force", "1972-09-01", "Space Liability Convention"),
    ("registration-convention", "opened_for_signature", "1975-01-14",
     "Registration Convention"),
    ("registration-convention", "entered_into_force", "1976-09-15", "Registration Convention"),
    ("moon-agreement", "opened_for_signature", "1979-12-18", "Moon Treaty"),
    ("moon-agreement", "entered_into_force", "1984-07-11", "Moon Treaty"),
    ("ptbt", "signed", "1963-08-05", "Partial Nuclear Test Ban Treaty"),
    ("ptbt", "entered_into_force", "1963-10-10", "Partial Nuclear Test Ban Treaty"),
    ("npt", "opened_for_signature", "1968-07-01",
     "Treaty on the Non-Proliferation of Nuclear Weapons"),
    ("npt", "entered_into_force", "1970-03-05",
     "Treaty on the Non-Proliferation of Nuclear Weapons"),
    ("npt", "extended_indefinitely", "1995-05-11",
     "Treaty on the Non-Proliferation of Nuclear Weapons"),
    ("ctbt", "adopted", "1996-09-10", "Comprehensive Nuclear-Test-Ban Treaty"),
    ("ctbt", "opened_for_signature", "1996-09-24", "Comprehensive Nuclear-Test-Ban Treaty"),
    ("abm-treaty", "signed", "1972-05-26", "Anti-Ballistic Missile Treaty"),
    ("abm-treaty", "entered_into_force", "1972-10-03", "Anti-Ballistic Missile Treaty"),
    ("abm-treaty", "withdrawal_announced", "2001-12-13", "Anti-Ballistic Missile Treaty"),
    ("abm-treaty", "terminated", "2002-06-13", "Anti-Ballistic Missile Treaty"),
    ("salt-i", "signed", "1972-05-26", "Strategic Arms Limitation Talks"),
    ("salt-ii", "signed", "1979-06-18", "Strategic Arms Limitation Talks"),
    ("inf-treaty", "signed", "1987-12-08", "Intermediate-Range Nuclear Forces Treaty"),
    ("inf-treaty", "entered_into_force", "1988-06-01",
     "Intermediate-Range Nuclear Forces Treaty"),
    ("inf-treaty", "terminated", "2019-08-02", "Intermediate-Range Nuclear Forces Treaty"),
    ("start-i", "signed", "1991-07-31", "START I"),
    ("start-i", "entered_into_force", "1994-12-05", "START I"),
    ("start-i", "expired", "2009-12-05", "START I"),
    ("new-start", "signed", "2010-04-08", "New START"),
    ("new-start", "entered_into_force", "2011-02-05", "New START"),
    ("ottawa-treaty", "adopted", "1997-09-18", "Ottawa Treaty"),
    ("ottawa-treaty", "opened_for_signature", "1997-12-03", "Ottawa Treaty"),
    ("ottawa-treaty", "entered_into_force", "1999-03-01", "Ottawa Treaty"),
    ("cwc", "opened_for_signature", "1993-01-13", "Chemical Weapons Convention"),
    ("cwc", "entered_into_force", "1997-04-29", "Chemical Weapons Convention"),
    ("bwc", "opened_for_signature", "1972-04-10", "Biological Weapons Convention"),
    ("bwc", "entered_into_force", "1975-03-26", "Biological Weapons Convention"),
    ("att", "adopted", "2013-04-02", "Arms Trade Treaty"),
    ("att", "entered_into_force", "2014-12-24", "Arms Trade Treaty"),
    ("tpnw", "adopted", "2017-07-07", "Treaty on the Prohibition of Nuclear Weapons"),
    ("tpnw", "entered_into_force", "2021-01-22", "Treaty on the Prohibition of Nuclear Weapons"),
    ("ccm", "adopted", "2008-05-30", "Convention on Cluster Munitions"),
    ("ccm", "opened_for_signature", "2008-12-03", "Convention on Cluster Munitions"),
    ("ccm", "entered_into_force", "2010-08-01", "Convention on Cluster Munitions"),
    ("jcpoa", "adopted", "2015-07-14", "Joint Comprehensive Plan of Action"),
    ("jcpoa", "implemented", "2016-01-16", "Joint Comprehensive Plan of Action"),
    ("jcpoa", "us_withdrawal", "2018-05-08", "Joint Comprehensive Plan of Action"),
    ("unclos", "opened_for_signature", "1982-12-10",
     "United Nations Convention on the Law of the Sea"),
    ("unclos", "entered_into_force", "1994-11-16",
     "United Nations Convention on the Law of the Sea"),
    ("kyoto-protocol", "adopted", "1997-12-11", "Kyoto Protocol"),
    ("kyoto-protocol", "entered_into_force", "2005-02-16", "Kyoto Protocol"),
    ("paris-agreement", "adopted", "2015-12-12", "Paris Agreement"),
    ("paris-agreement", "entered_into_force", "2016-11-04", "Paris Agreement"),
    ("gatt", "signed", "1947-10-30", "General Agreement on Tariffs and Trade"),
    ("gatt", "entered_into_force", "1948-01-01", "General Agreement on Tariffs and Trade"),
    ("cusfta", "signed", "1988-01-02", "Canada–United States Free Trade Agreement"),
    ("cusfta", "entered_into_force", "1989-01-01", "Canada–United States Free Trade Agreement"),
    ("nafta", "signed", "1992-12-17", "North American Free Trade Agreement"),
    ("nafta", "entered_into_force", "1994-01-01", "North American Free Trade Agreement"),
    ("nafta", "terminated", "2020-07-01", "North American Free Trade Agreement"),
    ("usmca", "signed", "2018-11-30", "United States–Mexico–Canada Agreement"),
    ("usmca", "entered_into_force", "2020-07-01", "United States–Mexico–Canada Agreement"),
    ("cptpp", "signed", "2018-03-08",
     "Comprehensive and Progressive Agreement for Trans-Pacific Partnership"),
    ("cptpp", "entered_into_force", "2018-12-30",
     "Comprehensive and Progressive Agreement for Trans-Pacific Partnership"),
    ("ceta", "signed", "2016-10-30", "Comprehensive Economic and Trade Agreement"),
    ("ceta", "provisionally_applied", "2017-09-21",
     "Comprehensive Economic and Trade Agreement"),
    ("north-atlantic-treaty", "signed", "1949-04-04", "North Atlantic Treaty"),
    ("north-atlantic-treaty", "entered_into_force", "1949-08-24", "North Atlantic Treaty"),
    ("un-charter", "signed", "1945-06-26", "Charter of the United Nations"),
    ("un-charter", "entered_into_force", "1945-10-24", "Charter of the United Nations"),
    ("helsinki-final-act", "signed", "1975-08-01", "Helsinki Final Act"),
    ("five-principles", "adopted", "1954", "Five Principles of Peaceful Coexistence"),
    ("good-friday-agreement", "signed", "1998-04-10", "Good Friday Agreement"),
    ("rome-peace-accords", "signed", "1992-10-04", "Rome General Peace Accords"),
    ("russell-einstein-manifesto", "issued", "1955-07-09", "Russell–Einstein Manifesto"),
    # Organisations
    ("nato", "founded", "1949-04-04", "NATO"),
    ("un", "founded", "1945-10-24", "United Nations"),
    ("wto", "founded", "1995-01-01", "World Trade Organization"),
    ("g7", "founded", "1975", "G7"),
    ("g20", "founded", "1999", "G20"),
    ("apec", "founded", "1989", "Asia-Pacific Economic Cooperation"),
    ("sco", "founded", "2001-06-15", "Shanghai Cooperation Organisation"),
    ("asean", "founded", "1967-08-08", "ASEAN"),
    ("norad", "founded", "1958-05-12", "NORAD"),
    ("pugwash", "founded", "1957", "Pugwash Conferences on Science and World Affairs"),
    ("icbl", "founded", "1992", "International Campaign to Ban Landmines"),
    ("ican", "founded", "2007", "International Campaign to Abolish Nuclear Weapons"),
    ("iaea", "founded", "1957", "International Atomic Energy Agency"),
    ("opcw", "founded", "1997", "Organisation for the Prohibition of Chemical Weapons"),
    ("msf", "founded", "1971", "Médecins Sans Frontières"),
    ("amnesty", "founded", "1961", "Amnesty International"),
    ("ipcc", "founded", "1988", "Intergovernmental Panel on Climate Change"),
    # Events
    ("canada-china-relations", "established", "1970-10-13", "Canada–China relations"),
    ("us-china-relations", "established", "1979-01-01", "China–United States relations"),
    ("nixon-china-visit", "occurred", "1972-02", "1972 visit by Richard Nixon to China"),
    ("meng-arrest", "occurred", "2018-12-01", "Meng Wanzhou"),
    ("two-michaels", "detained", "2018-12-10", "Two Michaels"),
    ("two-michaels", "released", "2021-09-24", "Two Michaels"),
    ("berlin-wall-fall", "occurred", "1989-11-09", "Fall of the Berlin Wall"),
    ("ussr-dissolution", "occurred", "1991-12-26", "Dissolution of the Soviet Union"),
    ("mandela-release", "occurred", "1990-02-11", "Nelson Mandela"),
    ("china-wto-accession", "occurred", "2001-12-11", "China and the World Trade Organization"),
]

# Countries recognising the People's Republic of China (establishing diplomatic relations).
RECOGNITION: list[tuple[str, str, str]] = [
    ("canada", "1970-10-13", "Canada–China relations"),
    ("united-states", "1979-01-01", "China–United States relations"),
    ("france", "1964-01-27", "China–France relations"),
    ("italy", "1970-11-06", "China–Italy relations"),
    ("japan", "1972-09-29", "China–Japan relations"),
    ("west-germany", "1972-10-11", "China–Germany relations"),
    ("australia", "1972-12-21", "Australia–China relations"),
]

NATO_ACCESSIONS: list[tuple[str, str]] = [
    ("canada", "1949-08-24"), ("united-states", "1949-08-24"),
    ("united-kingdom", "1949-08-24"), ("france", "1949-08-24"), ("italy", "1949-08-24"),
    ("greece", "1952-02-18"), ("turkey", "1952-02-18"), ("west-germany", "1955-05-06"),
    ("spain", "1982-05-30"), ("czech-republic", "1999-03-12"), ("hungary", "1999-03-12"),
    ("poland", "1999-03-12"), ("bulgaria", "2004-03-29"), ("estonia", "2004-03-29"),
    ("latvia", "2004-03-29"), ("lithuania", "2004-03-29"), ("romania", "2004-03-29"),
    ("slovakia", "2004-03-29"), ("slovenia", "2004-03-29"), ("albania", "2009-04-01"),
    ("croatia", "2009-04-01"), ("montenegro", "2017-06-05"), ("north-macedonia", "2020-03-27"),
    ("finland", "2023-04-04"), ("sweden", "2024-03-07"),
]

# Member counts as (entity, count, valid_from, valid_until, unit, source article).
MEMBER_COUNTS: list[tuple[str, int, str, str | None, str, str]] = [
    ("nato", 12, "1949-08-24", "1952-02-18", "member states", "Member states of NATO"),
    ("nato", 14, "1952-02-18", "1955-05-06", "member states", "Member states of NATO"),
    ("nato", 15, "1955-05-06", "1982-05-30", "member states", "Member states of NATO"),
    ("nato", 16, "1982-05-30", "1999-03-12", "member states", "Member states of NATO"),
    ("nato", 19, "1999-03-12", "2004-03-29", "member states", "Member states of NATO"),
    ("nato", 26, "2004-03-29", "2009-04-01", "member states", "Member states of NATO"),
    ("nato", 28, "2009-04-01", "2017-06-05", "member states", "Member states of NATO"),
    ("nato", 29, "2017-06-05", "2020-03-27", "member states", "Member states of NATO"),
    ("nato", 30, "2020-03-27", "2023-04-04", "member states", "Member states of NATO"),
    ("nato", 31, "2023-04-04", "2024-03-07", "member states", "Member states of NATO"),
    ("nato", 32, "2024-03-07", None, "member states", "Member states of NATO"),
    ("un", 51, "1945-10-24", "1946", "member states", "Member states of the United Nations"),
    ("un", 193, "2011-07-14", None, "member states", "Member states of the United Nations"),
    ("wto", 164, "2016-07-29", "2024-08-21", "members", "World Trade Organization"),
    ("wto", 166, "2024-08-30", None, "members", "World Trade Organization"),
    ("apec", 21, "1998-11", None, "member economies", "Asia-Pacific Economic Cooperation"),
    ("g7", 7, "1976", None, "member countries", "G7"),
    ("sco", 6, "2001-06-15", "2017-06-09", "member states",
     "Shanghai Cooperation Organisation"),
    ("sco", 8, "2017-06-09", "2023-07-04", "member states", "Shanghai Cooperation Organisation"),
    ("sco", 9, "2023-07-04", "2024-07-04", "member states", "Shanghai Cooperation Organisation"),
    ("sco", 10, "2024-07-04", None, "member states", "Shanghai Cooperation Organisation"),
]

OTHER_JOINS: list[tuple[str, str, str, str]] = [
    # (country, organization, date, source article)
    ("south-sudan", "un", "2011-07-14", "South Sudan"),
    ("prc", "wto", "2001-12-11", "China and the World Trade Organization"),
    ("canada", "g7", "1976", "G7"),
    ("india", "sco", "2017-06-09", "Shanghai Cooperation Organisation"),
    ("pakistan", "sco", "2017-06-09", "Shanghai Cooperation Organisation"),
    ("iran", "sco", "2023-07-04", "Shanghai Cooperation Organisation"),
    ("belarus", "sco", "2024-07-04", "Shanghai Cooperation Organisation"),
]

# Terms of office: (person, office, start, end or None, source article).
TERMS: list[tuple[str, str, str, str | None, str]] = [
    ("lester-pearson", "pm-canada", "1963-04-22", "1968-04-20", "Lester B. Pearson"),
    ("pierre-trudeau", "pm-canada", "1968-04-20", "1979-06-04", "Pierre Trudeau"),
    ("joe-clark", "pm-canada", "1979-06-04", "1980-03-03", "Joe Clark"),
    ("pierre-trudeau", "pm-canada", "1980-03-03", "1984-06-30", "Pierre Trudeau"),
    ("john-turner", "pm-canada", "1984-06-30", "1984-09-17", "John Turner"),
    ("brian-mulroney", "pm-canada", "1984-09-17", "1993-06-25", "Brian Mulroney"),
    ("kim-campbell", "pm-canada", "1993-06-25", "1993-11-04", "Kim Campbell"),
    ("jean-chretien", "pm-canada", "1993-11-04", "2003-12-12", "Jean Chrétien"),
    ("paul-martin", "pm-canada", "2003-12-12", "2006-02-06", "Paul Martin"),
    ("stephen-harper", "pm-canada", "2006-02-06", "2015-11-04", "Stephen Harper"),
    ("justin-trudeau", "pm-canada", "2015-11-04", "2025-03-14", "Justin Trudeau"),
    ("mark-carney", "pm-canada", "2025-03-14", None, "Mark Carney"),
    ("lester-pearson", "fm-canada", "1948", "1957", "Lester B. Pearson"),
    ("mitchell-sharp", "fm-canada", "1968", "1974", "Mitchell Sharp"),
    ("allan-maceachen", "fm-canada", "1974", "1976", "Allan MacEachen"),
    ("don-jamieson", "fm-canada", "1976", "1979", "Don Jamieson"),
    ("flora-macdonald", "fm-canada", "1979", "1980", "Flora MacDonald"),
    ("mark-macguigan", "fm-canada", "1980", "1982", "Mark MacGuigan"),
    ("allan-maceachen", "fm-canada", "1982", "1984", "Allan MacEachen"),
    ("joe-clark", "fm-canada", "1984", "1991", "Joe Clark"),
    ("barbara-mcdougall", "fm-canada", "1991", "1993", "Barbara McDougall"),
    ("andre-ouellet", "fm-canada", "1993", "1996", "André Ouellet"),
    ("lloyd-axworthy", "fm-canada", "1996-01-25", "2000-10-17", "Lloyd Axworthy"),
    ("john-manley", "fm-canada", "2000", "2002", "John Manley"),
    ("bill-graham", "fm-canada", "2002", "2004", "Bill Graham (Canadian politician)"),
    ("pierre-pettigrew", "fm-canada", "2004", "2006", "Pierre Pettigrew"),
    ("peter-mackay", "fm-canada", "2006", "2007", "Peter MacKay"),
    ("maxime-bernier", "fm-canada", "2007", "2008", "Maxime Bernier"),
    ("lawrence-cannon", "fm-canada", "2008", "2011", "Lawrence Cannon"),
    ("john-baird", "fm-canada", "2011", "2015", "John Baird (Canadian politician)"),
    ("stephane-dion", "fm-canada", "2015", "2017", "Stéphane Dion"),
    ("chrystia-freeland", "fm-canada", "2017", "2019", "Chrystia Freeland"),
    ("francois-philippe-champagne", "fm-canada", "2019", "2021",
     "François-Philippe Champagne"),
    ("marc-garneau", "fm-canada", "2021", "2021", "Marc Garneau"),
    ("melanie-joly", "fm-canada", "2021", "2025", "Mélanie Joly"),
    ("anita-anand", "fm-canada", "2025", None, "Anita Anand"),
    ("harry-truman", "president-us", "1945-04-12", "1953-01-20", "Harry S. Truman"),
    ("dwight-eisenhower", "president-us", "1953-01-20", "1961-01-20", "Dwight D. Eisenhower"),
    ("john-kennedy", "president-us", "1961-01-20", "1963-11-22", "John F. Kennedy"),
    ("lyndon-johnson", "president-us", "1963-11-22", "1969-01-20", "Lyndon B. Johnson"),
    ("richard-nixon", "president-us", "1969-01-20", "1974-08-09", "Richard Nixon"),
    ("gerald-ford", "president-us", "1974-08-09", "1977-01-20", "Gerald Ford"),
    ("jimmy-carter", "president-us", "1977-01-20", "1981-01-20", "Jimmy Carter"),
    ("ronald-reagan", "president-us", "1981-01-20", "1989-01-20", "Ronald Reagan"),
    ("george-hw-bush", "president-us", "1989-01-20", "1993-01-20", "George H. W. Bush"),
    ("bill-clinton", "president-us", "1993-01-20", "2001-01-20", "Bill Clinton"),
    ("george-w-bush", "president-us", "2001-01-20", "2009-01-20", "George W. Bush"),
    ("barack-obama", "president-us", "2009-01-20", "2017-01-20", "Barack Obama"),
    ("donald-trump", "president-us", "2017-01-20", "2021-01-20", "Donald Trump"),
    ("joe-biden", "president-us", "2021-01-20", "2025-01-20", "Joe Biden"),
    ("donald-trump", "president-us", "2025-01-20", None, "Donald Trump"),
    ("henry-kissinger", "secstate-us", "1973", "1977", "Henry Kissinger"),
    ("george-shultz", "secstate-us", "1982", "1989", "George Shultz"),
    ("james-baker", "secstate-us", "1989", "1992", "James Baker"),
    ("warren-christopher", "secstate-us", "1993", "1997", "Warren Christopher"),
    ("madeleine-albright", "secstate-us", "1997", "2001", "Madeleine Albright"),
    ("colin-powell", "secstate-us", "2001", "2005", "Colin Powell"),
    ("condoleezza-rice", "secstate-us", "2005", "2009", "Condoleezza Rice"),
    ("hillary-clinton", "secstate-us", "2009", "2013", "Hillary Clinton"),
    ("john-kerry", "secstate-us", "2013", "2017", "John Kerry"),
    ("rex-tillerson", "secstate-us", "2017", "2018", "Rex Tillerson"),
    ("mike-pompeo", "secstate-us", "2018", "2021", "Mike Pompeo"),
    ("antony-blinken", "secstate-us", "2021", "2025", "Antony Blinken"),
    ("marco-rubio", "secstate-us", "2025", None, "Marco Rubio"),
    ("jiang-zemin", "president-china", "1993", "2003", "Jiang Zemin"),
    ("hu-jintao", "president-china", "2003", "2013", "Hu Jintao"),
    ("xi-jinping", "president-china", "2013", None, "Xi Jinping"),
    ("zhu-rongji", "premier-china", "1998", "2003", "Zhu Rongji"),
    ("wen-jiabao", "premier-china", "2003", "2013", "Wen Jiabao"),
    ("li-keqiang", "premier-china", "2013", "2023", "Li Keqiang"),
    ("li-qiang", "premier-china", "2023", None, "Li Qiang"),
    ("qian-qichen", "fm-china", "1988", "1998", "Qian Qichen"),
    ("tang-jiaxuan", "fm-china", "1998", "2003", "Tang Jiaxuan"),
    ("li-zhaoxing", "fm-china", "2003", "2007", "Li Zhaoxing"),
    ("yang-jiechi", "fm-china", "2007", "2013", "Yang Jiechi"),
    ("wang-yi", "fm-china", "2013", "2022", "Wang Yi (politician)"),
    ("qin-gang", "fm-china", "2022", "2023", "Qin Gang"),
    ("wang-yi", "fm-china", "2023", None, "Wang Yi (politician)"),
    ("javier-perez-de-cuellar", "un-sg", "1982", "1991", "Javier Pérez de Cuéllar"),
    ("boutros-ghali", "un-sg", "1992", "1996", "Boutros Boutros-Ghali"),
    ("kofi-annan", "un-sg", "1997", "2006", "Kofi Annan"),
    ("ban-ki-moon", "un-sg", "2007", "2016", "Ban Ki-moon"),
    ("antonio-guterres", "un-sg", "2017", None, "António Guterres"),
    ("javier-solana", "nato-sg", "1995", "1999", "Javier Solana"),
    ("george-robertson", "nato-sg", "1999", "2003", "George Robertson, Baron Robertson of "
     "Port Ellen"),
    ("jaap-de-hoop-scheffer", "nato-sg", "2004", "2009", "Jaap de Hoop Scheffer"),
    ("anders-fogh-rasmussen", "nato-sg", "2009", "2014", "Anders Fogh Rasmussen"),
    ("jens-stoltenberg", "nato-sg", "2014", "2024", "Jens Stoltenberg"),
    ("mark-rutte", "nato-sg", "2024-10-01", None, "Mark Rutte"),
    ("renato-ruggiero", "wto-dg", "1995", "1999", "Renato Ruggiero"),
    ("mike-moore", "wto-dg", "1999", "2002", "Mike Moore (New Zealand politician)"),
    ("supachai", "wto-dg", "2002", "2005", "Supachai Panitchpakdi"),
    ("pascal-lamy", "wto-dg", "2005", "2013", "Pascal Lamy"),
    ("roberto-azevedo", "wto-dg", "2013", "2020", "Roberto Azevêdo"),
    ("ngozi-okonjo-iweala", "wto-dg", "2021", None, "Ngozi Okonjo-Iweala"),
]

# Nobel Peace Prize: year -> laureate entity ids (each has an entity above).
NOBEL_PEACE: dict[int, list[str]] = {
    1957: ["lester-pearson"], 1971: ["willy-brandt"],
    1973: ["henry-kissinger", "le-duc-tho"], 1975: ["andrei-sakharov"],
    1977: ["amnesty"], 1978: ["anwar-sadat", "menachem-begin"], 1979: ["mother-teresa"],
    1981: ["unhcr"], 1982: ["alva-myrdal", "alfonso-garcia-robles"], 1983: ["lech-walesa"],
    1984: ["desmond-tutu"], 1985: ["ippnw"], 1986: ["elie-wiesel"], 1987: ["oscar-arias"],
    1988: ["un-peacekeeping"], 1989: ["dalai-lama"], 1990: ["mikhail-gorbachev"],
    1991: ["aung-san-suu-kyi"], 1992: ["rigoberta-menchu"],
    1993: ["nelson-mandela", "fw-de-klerk"],
    1994: ["yasser-arafat", "shimon-peres", "yitzhak-rabin"],
    1995: ["joseph-rotblat", "pugwash"], 1996: ["carlos-belo", "jose-ramos-horta"],
    1997: ["icbl", "jody-williams"], 1998: ["john-hume", "david-trimble"], 1999: ["msf"],
    2000: ["kim-dae-jung"], 2001: ["un", "kofi-annan"], 2002: ["jimmy-carter"],
    2003: ["shirin-ebadi"], 2004: ["wangari-maathai"], 2005: ["iaea", "mohamed-elbaradei"],
    2006: ["muhammad-yunus", "grameen-bank"], 2007: ["ipcc", "al-gore"],
    2008: ["martti-ahtisaari"], 2009: ["barack-obama"], 2010: ["liu-xiaobo"],
    2011: ["ellen-johnson-sirleaf", "leymah-gbowee", "tawakkol-karman"], 2012: ["eu"],
    2013: ["opcw"], 2014: ["kailash-satyarthi", "malala-yousafzai"],
    2015: ["tunisian-quartet"], 2016: ["juan-manuel-santos"], 2017: ["ican"],
    2018: ["denis-mukwege", "nadia-murad"], 2019: ["abiy-ahmed"], 2020: ["wfp"],
    2021: ["maria-ressa", "dmitry-muratov"],
    2022: ["ales-bialiatski", "memorial", "ccl-ukraine"], 2023: ["narges-mohammadi"],
    2024: ["nihon-hidankyo"],
}

# Ratifications and signatures by a country: (country, property, treaty, date, qualifiers,
# source article).
RATIFICATIONS: list[tuple[str, str, str, str, dict, str]] = [
    ("canada", "ratified", "unclos", "2003-11-07", {},
     "United Nations Convention on the Law of the Sea"),
    ("prc", "ratified", "unclos", "1996-06-07", {},
     "United Nations Convention on the Law of the Sea"),
    ("canada", "ratified", "ottawa-treaty", "1997-12-03", {}, "Ottawa Treaty"),
    ("canada", "withdrawal_announced", "kyoto-protocol", "2011-12-12", {}, "Kyoto Protocol"),
    ("united-states", "signed", "ctbt", "1996-09-24", {
        "caveat": "the United States has not ratified it: the Senate rejected ratification "
                  "in October 1999",
        "caveat_terms": ["ratif", "senate", "not in force", "never"]},
     "Comprehensive Nuclear-Test-Ban Treaty"),
]

TRUMP_2018 = "Trump tariffs"
TRUMP_2025 = "Tariffs in the second Trump administration"

# Trade measures: (entity, property, value, qualifiers, source article).
TRADE: list[tuple[str, str, object, dict, str]] = [
    ("s232-steel", "rate", 25, {"unit": "percent", "valid_from": "2018-03-23",
                               "valid_until": "2025-06-04"}, TRUMP_2018),
    ("s232-steel", "rate", 50, {"unit": "percent", "valid_from": "2025-06-04"}, TRUMP_2025),
    ("s232-aluminum", "rate", 10, {"unit": "percent", "valid_from": "2018-03-23",
                                  "valid_until": "2025-03-12"}, TRUMP_2018),
    ("s232-aluminum", "rate", 25, {"unit": "percent", "valid_from": "2025-03-12",
                                  "valid_until": "2025-06-04"}, TRUMP_2025),
    ("s232-aluminum", "rate", 50, {"unit": "percent", "valid_from": "2025-06-04"}, TRUMP_2025),
    ("s232-steel-aluminum", "proclaimed", "2018-03-08", {}, TRUMP_2018),
    ("s232-steel-aluminum", "imposed", "2018-03-23", {}, TRUMP_2018),
    ("s232-steel", "imposed", "2018-03-23", {}, TRUMP_2018),
    ("s232-aluminum", "imposed", "2018-03-23", {}, TRUMP_2018),
    ("s232-steel-aluminum", "applied_to", "2018-06-01", {"object": "canada"}, TRUMP_2018),
    ("s232-steel-aluminum", "applied_to", "2018-06-01", {"object": "mexico"}, TRUMP_2018),
    ("s232-steel-aluminum", "applied_to", "2018-06-01", {"object": "eu"}, TRUMP_2018),
    ("s232-steel-aluminum", "exempted", "2018-03-23", {
        "object": "canada", "valid_until": "2018-06-01",
        "caveat": "the exemption was temporary: it expired on 1 June 2018",
        "caveat_terms": ["temporar", "expired", "until", "june", "briefly", "initially"]},
     TRUMP_2018),
    ("s232-steel-aluminum", "lifted_for", "2019-05", {"object": "canada",
     "caveat": "the tariffs were re-imposed on Canada in March 2025",
     "caveat_terms": ["reimpos", "re-impos", "2025", "again", "later", "returned"]},
     TRUMP_2018),
    ("s232-steel-aluminum", "lifted_for", "2019-05", {"object": "mexico"}, TRUMP_2018),
    ("s232-aluminum", "reimposed_for", "2020-08", {"object": "canada", "rate": 10},
     TRUMP_2018),
    ("s232-steel-aluminum", "reimposed_for", "2025-03-12", {"object": "canada"}, TRUMP_2025),
    ("s232-steel-aluminum", "raised", "2025-06-04", {"rate": 50}, TRUMP_2025),
    ("canada-countermeasures-2018", "imposed", "2018-07-01", {}, TRUMP_2018),
    ("canada-countermeasures-2018", "value", 16.6, {"unit": "billion CAD"}, TRUMP_2018),
    ("canada-countermeasures-2018", "lifted", "2019-05", {}, TRUMP_2018),
]


def _value(raw: object, qualifiers: dict) -> dict:
    if isinstance(raw, tuple):
        start, end = raw
        value = {"type": "period", "start": start}
        if end:
            value["end"] = end
        return value
    if isinstance(raw, dict):
        return {"type": "text", "text": raw["text"]}
    if isinstance(raw, int | float):
        value = {"type": "number", "number": raw}
        if "unit" in qualifiers:
            value["unit"] = qualifiers.pop("unit")
        return value
    return {"type": "date", "date": str(raw)}


def build() -> dict:
    """The whole fact file as a dict."""
    entities = {key: {"name": name, "type": kind, "aliases": aliases}
                for key, (name, kind, aliases) in ENTITIES.items()}
    entities.update({key: {"name": name, "type": "person", "aliases": aliases}
                     for key, (name, aliases) in PEOPLE.items()})
    facts: list[dict] = []

    def add(entity: str, prop: str, raw: object, qualifiers: dict, source: dict) -> None:
        qualifiers = dict(qualifiers)
        obj = qualifiers.get("object")
        if entity not in entities or (obj and obj not in entities):
            raise SystemExit(f"unknown entity in fact {entity} {prop} {obj}")
        fact = {"id": f"{entity}.{prop}" + (f".{obj}" if obj else ""),
                "entity": entity, "property": prop, "value": _value(raw, qualifiers)}
        if qualifiers:
            fact["qualifiers"] = qualifiers
        fact["source"] = source
        suffix = 2
        while any(f["id"] == fact["id"] for f in facts):
            fact["id"] = f"{entity}.{prop}" + (f".{obj}" if obj else "") + f".{suffix}"
            suffix += 1
        facts.append(fact)

    for entity, prop, day, article in TREATY_DATES:
        add(entity, prop, day, {}, W(article))
    for country, day, article in RECOGNITION:
        add(country, "recognized", day, {"object": "prc"}, W(article))
    for country, day in NATO_ACCESSIONS:
        add(country, "joined", day, {"object": "nato"}, W("Member states of NATO"))
    for entity, count, start, end, unit, article in MEMBER_COUNTS:
        qualifiers = {"unit": unit, "valid_from": start}
        if end:
            qualifiers["valid_until"] = end
        add(entity, "member_count", count, qualifiers, W(article))
    for country, org, day, article in OTHER_JOINS:
        add(country, "joined", day, {"object": org}, W(article))
    for person, office, start, end, article in TERMS:
        add(person, "held_office", (start, end), {"object": office}, W(article))
    for year, laureates in NOBEL_PEACE.items():
        for laureate in laureates:
            add(laureate, "awarded", str(year), {"object": "nobel-peace-prize"}, nobel(year))
    for country, prop, treaty, day, qualifiers, article in RATIFICATIONS:
        add(country, prop, day, {"object": treaty, **qualifiers}, W(article))
    for entity, prop, raw, qualifiers, article in TRADE:
        add(entity, prop, raw, qualifiers, W(article))
    return {"version": VERSION, "compiled": COMPILED, "entities": entities, "facts": facts}


def main() -> None:
    """Write the fact file and print how many facts it holds."""
    data = build()
    problems = validation.explain("fact", data)
    if problems:
        raise SystemExit("the fact file does not match schemas/fact.schema.json:\n"
                         + "\n".join(problems[:10]))
    OUT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{OUT.name}: {len(data['facts'])} facts, {len(data['entities'])} entities")


if __name__ == "__main__":
    main()
