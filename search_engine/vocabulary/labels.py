"""Field labels: the names under which archives, catalogue records and document forms give a document's metadata.

Collected, per field, from the formats historians' files come in: catalogue records (NARA's catalog, Dublin
Core, finding aids), reading rooms (CIA CREST, the Wilson Center Digital Archive, history.state.gov),
document forms (the JFK Assassination Records identification form, FBI and CIA routing forms), and the
headers of cables, telegrams, airgrams, information reports and memoranda. A label is matched whatever its
case, spacing or punctuation, so OCR's "AGENCY FILENUMBER", "DATE OF LASTREVIEW" and "DOCUMENT_TYPE" are read.

Each field's labels are ranked: where a record gives two (CREST's "Publication Date" and "Document Creation
Date", which is when the record was made), the higher-ranked one wins.
"""

from __future__ import annotations

import re
import unicodedata

# field -> its labels, best first. The fields the parser fills: title, subject (a memo's subject line), date,
# classification, origin (who wrote or sent it), addressee, place, citation, archive (where it is kept, and
# under which numbers), summary, keywords, document_type, pages, language, url, review (release and review
# history), and notes such as credits or rights, kept as metadata.
FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "title": ("title", "document title", "title of document", "item title", "file title", "title proper",
              "caption", "headline", "heading", "name of document", "заголовок", "название", "titre", "titel",
              "intitulé", "intitule", "título", "titulo", "titolo", "tytuł", "citation title",
              # an EAD finding aid's element names, as a display or an export gives them
              "unit title", "unittitle"),
    "subject": ("subject", "subj", "re", "regarding", "in re", "concerning", "subject matter", "topic",
                "тема", "objet", "a.s.", "au sujet de", "betreff", "betr", "asunto", "oggetto"),
    "date": ("date", "document date", "doc date", "dated", "date of document", "publication date",
             "date written", "date sent", "date issued", "date of issue", "date of origin", "production date",
             "date distr", "date of report", "date of memo", "dates", "date s", "date range", "inclusive dates",
             "coverage dates", "datum", "дата", "fecha", "date created", "date issued",
             "sent", "dateline", "place and date", "date and place", "lieu et date", "ort und datum",
             "date de création", "date du document", "citation date", "unit date", "unitdate",
             # Dublin Core's dcterms:created and dcterms:issued, ISAD(G)'s and DACS' dates of creation, a
             # bibliographic database's origination date
             "created", "issued", "date of creation", "dates of creation", "date s of creation", "origination date",
             "date of origination",
             # a cable's date-time group ("TOT: 092204Z AUG 95"): the time it was sent, not received (TOR)
             "tot", "dtg", "date time group", "date-time group", "time of transmission", "filing time"),
    "classification": ("classification", "security classification", "original classification",
                       "classification level", "security", "security markings", "markings", "handling",
                       "dissemination controls", "caveats", "precedence", "гриф", "classement",
                       "niveau de classification", "classification de sécurité", "geheimhaltungsgrad",
                       "einstufung", "clasificación", "clasificacion", "classifica",
                       # a transcriber's or cataloguer's note of the markings the original bears ("[Marked: Secret.]")
                       "marked", "marking", "marked as", "stamped", "handling restrictions",
                       # the British word for it (Foreign Office, Cabinet Office registers, DBPO): "Grading: Secret"
                       "grading", "security grading", "grade",
                       "original handling restrictions", "handling instructions"),
    "origin": ("from", "fm", "sender", "originator", "author", "authors", "creator", "creators", "creator s",
               "agency", "originating agency", "originating office", "office of origin", "issued by",
               "prepared by", "drafted by", "drafter", "written by", "signed", "signed by", "signatory",
               "reporting officer", "reported by", "source agency", "origin", "от", "кому от", "de", "von",
               "auteur", "verfasser", "autor", "citation author"),
    "addressee": ("to", "addressee", "addressees", "recipient", "recipients", "memorandum for", "attention",
                  "attn", "action", "info", "for", "cc", "copy to", "copies to", "distribution", "via",
                  "through", "thru", "кому", "à", "an"),
    # who took part in a meeting or conversation (a memorandum of conversation's, a meeting record's header);
    # "Present:" is not among them: a protocol's "Present: Brezhnev, Kozlov, ..." ("Присутствовали: ...") is read as
    # its first paragraph
    "participants": ("participants", "participant", "attendees", "attendance", "in attendance", "those present",
                     "persons present", "also present", "participants in the conversation", "participants list",
                     "участники", "участники беседы", "teilnehmer", "participantes", "asistentes"),
    # "post" is a Foreign Service post, the embassy or consulate a message came from ("origin" alone names who as
    # often as where: "Origin: Chairman Khrushchev", "Origin: Moscow"; it is read as the sender)
    "place": ("place", "place of origin", "place written", "place of writing", "place of issue", "location", "city",
              "post",
              "place date acq", "место", "coverage spatial", "spatial coverage", "spatial", "lieu", "ort", "lugar",
              "luogo"),
    "citation": ("citation", "cite", "cite as", "to cite", "how to cite", "source", "source note",
                 "archival citation", "bibliographic citation", "preferred citation", "provenance",
                 # where the text was printed from (DACS 6.1, EAD's originalsloc; an edition's "Printed from")
                 "location of original", "location of originals", "existence and location of originals",
                 "location of the original", "original location", "source of text", "text source", "printed from",
                 "quelle", "fundstelle", "fuente", "fonte", "источник"),
    "archive": ("archive", "archives", "original archive", "repository", "holding institution", "collection",
                "record group", "rg", "series", "record series", "records series", "file unit", "from series",
                "from file unit", "box", "folder", "file", "item", "lot", "reel", "microfilm", "fond", "fonds",
                "opis", "delo", "call number", "shelfmark", "shelf mark", "local identifier",
                "national archives identifier", "naid", "record number", "record id", "record identifier",
                "document number", "doc no", "document no", "nr", "no", "number", "telegram no", "telegram number",
                "cable no", "message no", "msg no", "serial", "ser", "document id", "docid", "identifier",
                "agency file number", "file number", "file no", "headquarters file number",
                "dispatch symbol and number", "report no", "report number", "case number", "sequence number",
                "cite", "slugs", "slug", "tor", "routing", "container", "containers", "container s",
                "document number foia esdn crest", "esdn", "accession number", "reference", "reference code",
                "archival reference", "ref", "reference number", "архив", "фонд", "опись", "дело",
                "cote", "signatur", "signatura", "doc id", "id",
                # who keeps it, as a catalogue's display says so
                "held by", "held at", "holding repository",
                # the article or volume a cover sheet says the document is printed in
                "printed in", "published in", "container title", "published by", "publisher"),
    "summary": ("summary", "abstract", "description", "short description", "scope and content", "scope content",
                "scope and contents", "synopsis", "precis", "digest", "content", "contents summary"),
    "keywords": ("subjects", "keywords", "tags", "label", "labels", "subject headings", "topics", "associated topics",
                 "subjects discussed", "descriptors", "index terms", "associated people organizations",
                 "associated people and organizations", "associated places", "persons", "people",
                 "organizations", "geographic reference"),
    "document_type": ("document type", "doc type", "type", "record type", "type of document", "genre",
                      "content type", "general records type", "specific records type",
                      "type s of archival materials", "types of archival materials", "level of description",
                      "form"),
    "pages": ("pages", "page count", "document page count", "number of pages", "no pages", "no of pages",
              "extent", "physical description", "length"),
    "language": ("language", "languages", "language s", "original language", "language of material"),
    "url": ("url", "link", "permalink", "source url", "stable url", "online", "uri", "handle", "web address", "doi"),
    # when the record was made or released, not when the document was written (CREST's "Document Creation Date")
    "review": ("withdrawn item", "restriction code", "document creation date", "creation date", "current status", "status", "date of last review", "review date", "opening criteria",
               "release decision", "document release date", "release date", "declassification date",
               "declassified", "restrictions", "access restriction", "access restrictions",
               "access restriction s", "use restriction", "use restrictions", "use restriction s",
               "new classification", "update date", "conditions governing access", "conditions of access",
               "access conditions", "closure status", "access status", "record opening date", "opening date",
               "legal status"),
    "comments": ("comments", "comment", "remarks", "notes", "note", "general note", "contents", "credits",
                 "rights", "copyright", "translator", "translated by", "translation", "edited by", "editor"),
}
# what the fields are called in a Document's metadata: "archive" fields keep their own label ("record group")
FIELD_NAMES = {"subject": "subject", "origin": "from", "addressee": "to", "keywords": "keywords",
               "document_type": "document_type", "pages": "pages", "summary": "summary"}


def label_key(label: str) -> str:
    """A label as it is looked up: lower case, accents kept, punctuation and spacing gone ("DOCUMENT_TYPE",
    "Document type" and "document-type" are one key; OCR's "AGENCY FILENUMBER" is "agency file number"'s)."""
    text = unicodedata.normalize("NFKC", label).lower()
    return re.sub(r"[\W_]+", "", text)


# key -> (field, label as written in the vocabulary, rank within the field: 0 is the best)
LABELS: dict[str, tuple[str, str, int]] = {}
for _field, _labels in FIELD_LABELS.items():
    for _rank, _label in enumerate(_labels):
        LABELS.setdefault(label_key(_label), (_field, _label, _rank))


# the namespaces of metadata vocabularies whose element names are labels: "dc.title", "DC.Date", "dcterms.created",
# "citation_title" (Highwire, as Google Scholar reads it), "mods.titleInfo"
_NAMESPACE = re.compile(r"^(?:dc|dcterms|dct|mods|ead|schema|og|prism|eac|citation)[._:]", re.IGNORECASE)


def field_of(label: str, guess: bool = False) -> tuple[str, str, int] | None:
    """(field, canonical label, rank) for a label a document uses, or None for a word that is not a label.

    A namespaced, qualified element name is read as its words, then without its last qualifiers:
    "dc.date.created" is "date created", "dc.coverage.spatial" "coverage spatial", "dc.title.alternative" a title.
    With ``guess``, a label no list names is read by the field word it holds ("Date of conversation").
    """
    found = LABELS.get(label_key(label))
    if found is not None:
        return found
    if _NAMESPACE.match(label.strip()):
        parts = [p for p in re.split(r"[._:]", _NAMESPACE.sub("", label.strip())) if p]
        while parts:
            found = LABELS.get(label_key(" ".join(parts)))
            if found is not None:
                return found
            parts.pop()
    return _named_field(label) if guess else None


# a label no list names may still say what it holds: "Date of conversation", "Letter dated", "Meeting date",
# "Document title (English)", "Security classification level"; the record's own dates are not the document's
_FIELD_WORDS = (("date", re.compile(r"\b(?:date[ds]?|dated|datum|fecha|дата)\b")),
                ("title", re.compile(r"\b(?:title|titre|titel|título|заголовок)\b")),
                ("classification", re.compile(r"\b(?:classification|classified|markings?|гриф)\b")))
_RECORD_WORDS = re.compile(r"\b(?:review\w*|release\w*|declassif\w*|creat\w*|modif\w*|updat\w*|upload\w*|revis\w*|"
                           # what records management does to a file: its disposition, retention, transfer, opening
                           # to the public, a page's posting
                           r"dispos\w*|retention|destr\w*|transfer\w*|opening|closure|post(?:ed|ing)|"
                           r"access\w*|retriev\w*|digiti\w*|scann\w*|catalog\w*|acqui\w*|accession\w*|birth|"
                           r"death|job|last|new|previous|former|print\w*|web|page|file|record|entry|citation|system)\b")


def _words(label: str) -> str:
    return re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", label).lower()).strip()


def record_label(label: str) -> bool:
    """Whether a label names something about the record, not the document: its review, release, creation, file..."""
    return bool(_RECORD_WORDS.search(_words(label)))


def _named_field(label: str) -> tuple[str, str, int] | None:
    words = _words(label)
    if not words or len(words.split()) > 5 or _RECORD_WORDS.search(words):
        return None
    for field, pattern in _FIELD_WORDS:
        if pattern.search(words):
            return field, words, 90
    return None
