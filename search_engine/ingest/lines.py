"""The kinds of lines a document is made of, told from each line's features rather than from the file it came from.

A *line* here is a block of a document's text: a line, or hard-wrapped lines joined (see :mod:`.blocks`). Each
is described by features (its position and page, length, share of capitals, whether it is only a date, a
dateline, a label with its value, a run of classification markings, a note marker and note text, a sentence, a
document-kind heading...) and given one :class:`Kind` by :func:`kind_of`, in this order of precedence:

1. **furniture** (page numbers, running heads, release banners, breadcrumbs: dropped) and **boilerplate** (web
   page chrome: dropped, or the start of a page footer);
2. **field**: a label with its value ("DATE: 06/14/63", "Title :", "Citation:" with the value below), for the
   labels of :mod:`search_engine.vocabulary.labels`; memo lines ("TO:", "FROM:", "SUBJECT:") are fields too;
3. **note**: a bracketed editor's or translator's note, or a note of the note list;
4. **stamp**: a line of nothing but markings ("TOP SECRET", "Secret, Niact", "SECRET - EYES ONLY");
5. **date** (a line that is only a date) and **dateline** ("MOSCOW, April 18, 1961"; a place on the line above
   a date);
6. **address** ("To Comrades ..."), then **header**: reference numbers, document-kind headings ("MEMORANDUM
   FOR THE RECORD"), short lines in capitals, and in the head any line that is not a sentence;
7. **title**: a short line in the head that is none of the above (which one of several becomes the title is
   decided by :func:`choose_title`);
8. **body**: everything else. A numbered paragraph ("1. The source stated ...") is body.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from ..model import DateRange
from ..vocabulary.dates import (
    WEEKDAYS,
    date_line,
    dateline,
    find_dates,
    parse_date,
    spans,
    undated_place,
)
from ..vocabulary.labels import field_of, record_label
from ..vocabulary.markings import (
    LEVELS,
    MARKING_PATTERN,
    closed_up,
    has_marking,
    normalize_classification,
)


class Kind(enum.Enum):
    FURNITURE = "furniture"
    BOILERPLATE = "boilerplate"
    FIELD = "field"
    NOTES_HEADING = "notes heading"
    NOTE = "note"
    STAMP = "stamp"
    DATE = "date"
    DATELINE = "dateline"
    ADDRESS = "address"
    HEADER = "header"
    TITLE = "title"
    SUBTITLE = "subtitle"
    BODY = "body"


_WORDS = re.compile(r"\w+")
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_LETTER = re.compile(r"[^\W\d_]")
_COPY = re.compile(r"(?i)\b(copy|экз|экземпляр)\.?\s*(no\.?|№)?\s*\d+\b")

# -- vocabulary of line shapes -------------------------------------------------------------------
_REFERENCE = re.compile(r"^(?:No\.|Nr\.?|№|Ref\.?|Reference|Doc\.?|Document(?:\s+No\.?)?|Telegram No\.?|Cable No\.?)"
                        r"\s*[\w/.\-№]*\d[\w/.\-№]*\.?$",
                        re.IGNORECASE)
_ADDRESS = re.compile(
    r"^(?:(?:to|from|cc|copy to|attn|attention|для|тов\.|товарищ(?:у|ам|и)?)\s*:?\s+(?:comrades?|cdes?\.|messrs\.?|mr\.|mrs\.|"
    r"dr\.|the\s+(?:president|secretary|ambassador|embassy|minister|chairman)|товарищ)|"
    # a letter's inside address opens with the addressee's style: "His Excellency", "The Honorable"
    r"(?:his|her|their|your)\s+(?:excellency|excellencies|majesty|royal\s+highness|highness|eminence)\b|"
    r"the\s+(?:right\s+)?hono(?:u)?rable\b|son\s+excellence\b|seiner\s+exzellenz\b|"
    # a Russian letter's or cable's addressee in the dative: "Товарищу Хрущеву Н. С.", "Тов. Громыко"
    # (the whole line: "Тов. Хрущёв: если будет ..." is a speaker's words in a protocol)
    r"(?:товарищу|товарищам|тов\.)\s*(?:(?-i:[А-ЯЁ])[а-яё]+(?:\s+(?-i:[А-ЯЁ])\.\s*(?:(?-i:[А-ЯЁ])\.)?)?(?:,\s*|\s+и\s+)?)+$)",
    re.IGNORECASE,
)
_NOTE_WORDS = r"(?:translator|translator['’]s|trans\.|tr\.|editor|editor['’]s|ed\.|eds\.|note|comment|примечание|прим\.)"
INLINE_NOTE = re.compile(r"\[(?=" + _NOTE_WORDS + r")(?P<text>[^\[\]]{3,}?)\]", re.IGNORECASE)
# (a word that opens with one of them is not one: "[Editorial Note]" is a heading a cataloguer supplied; "[Editorial
# note: ...]" is a note)
_NOTE_BLOCK = re.compile(r"^\[(?P<text>(?:" + _NOTE_WORDS + r"(?!\w)|editorial\s+note\s*[:.—–-]).*?)\]?$",
                         re.IGNORECASE | re.DOTALL)
_NUMBERED = re.compile(r"^(?:\d{1,4}|[A-Za-z]|[IVXLC]{1,6})[.)]\s+\S")
# (the number before the heading with only a space after it, as a web edition sets it: "61 TELEGRAM FROM ...")
_NUMBERED_HEADING = re.compile(r"^(?:No\.\s*|Nr\.\s*|Document\s+|Doc\.\s*|Item\s+)?(?P<n>\d{1,4}\.|\d{1,3}\s*[:—–-]|"
                               r"\d{1,4}(?=\s+[A-Z])|"
                               # a filing's or report's attachment: "Exhibit G: Letter From ...", "Tab A — Memorandum ..."
                               r"(?:Exhibit|Tab|Annex|Attachment|Appendix)\s+[A-Z0-9]{1,3}\s*[:—–-])\s+"
                               r"(?P<rest>[^\W\d_].*)$", re.IGNORECASE)
# a document's number on a line of its own, above the heading it numbers: "No. 4.", "Nr. 4", "№ 12", "Document 66",
# "[4]", or the number alone as a printed edition sets it
_DOCUMENT_NUMBER = re.compile(r"^\[?(?:(?:No|Nr|Doc|Dok|Document|Dokument|Item|Pièce|n[°º])\.?\s*|№\s*)?(?P<n>\d{1,4})\.?\]?$",
                              re.IGNORECASE)
_DATE_DESC = re.compile(r"^\s*(?P<sep>\s[/|–—-]\s|:\s)")
_SENTENCE_END = re.compile(r"[.!?:;…»\"”’')\]]$")
# a line ending in an abbreviation of initials ("U.S.S.R.", "D.C.") does not end like a sentence for that
# a wiki's page name with its subpage path ("Foreign Relations ... Volume VI/Document 9") names a page, not a document
_SUBPAGE = re.compile(r"\w/[A-Z][a-z]{2,}\s+(?:\d{1,4}|[IVXLC]{1,6})$")  # never an office symbol ("CI/OA", "DD/P")
# a byline: "by Nikita Khrushchev", "By the Department of State"
# (a name and its office, no figures and no sentence: "by the Bureau. On 8-16-61, ..." is a wrapped line of text)
BYLINE = re.compile(r"^by\s+(?:the\s+)?[A-Z][^\s\d.,;:!?]*(?:\s+[^\s\d.,;:!?]+){0,11}$")
_INITIALS_END = re.compile(r"(?:^|[\s(])(?:[A-ZА-Я]\.){2,}$")
# what a note lettered in parentheses is glued to where it is cited: a word or its stop ("family.(e)", "Geneva(a)"),
# never a space (the text's own enumeration " (a) ") nor a figure (a clause of a law, "5(a)")
GLUED_LETTER = r"(?<=[^\W\d_]|[.,;:!?\"”’'\]])"
# note markers at the end of a line, which do not change how it ends: "[1]", "¹", "*", "†", ".2" after punctuation
_TRAILING_MARKS = re.compile(r"(?:\s*(?:\[\^?\d{1,3}\]|(?<=\S)\^\d{1,3}|\[\^?[a-z]\]|" + GLUED_LETTER + r"\([a-z]\)|\[n\.?\s?\d{1,3}\]|[*†‡]\d{1,3}|\{\d{1,3}\}|<\d{1,3}>|\((?i:(?:foot|end)?note\s+|n\.\s?)?\d{1,3}\)|[" + "⁰¹²³⁴⁵⁶⁷⁸⁹" + r"]+|[*†‡§‖¶]+|(?<=[.,;:!?\"”’)])(?<!\b[A-Z]\.)\d{1,2}/?))+$")
BULLET = re.compile(r"^[-*•·]\s+")
# the line that ends a covering letter: what it encloses follows ("Enclosure: As stated.", "Enclosures (2)", "Encl.",
# "Attachment", "Anlage", "Pièce jointe")
ENCLOSURE = re.compile(r"(?i)^(?:enclosures?|encls?\.?|attachments?|anlagen?|pi[èe]ces?\s+jointes?|p\.\s?j\.)"
                       r"\s*(?:[:(]\s*[^.]{0,40}?\)?)?\.?$")
# the day a despatch or telegram was received, as a printed edition runs it on to the heading: "—(Received October
# 27.)", "(Reçu le 16, 3 h.)", "(Eingegangen am 16. Februar)"
_RECEIVED = r"received|rec['’]?d\.?|reçue?|eingegangen|eingang|ankunft|получено"
RECEIVED_CLAUSE = re.compile(r"\s*[.,;]?\s*[—–-]*\s*\((?:" + _RECEIVED + r")\b[^()]{0,60}\)\.?$", re.IGNORECASE)
# labels of when a message arrived, not when it was written: "Received", "Ankunft", "Reçu", "TOR", "Eingang" (those
# of a birth or a death are the record's: labels.record_label)
_NOT_WRITTEN = re.compile(r"(?i)\b(?:" + _RECEIVED + r"|recue?|arriv\w*|tor|recibido|ricevuto|born|died)\b")
# what a page or a record says happened to it, where a dateline names a place ("Posted - November 7, 2012")
_RECORD_EVENT = re.compile(r"(?i)^(?:first\s+|last\s+|originally\s+|date\s+)?(?:posted|published|updated|uploaded|"
                           r"modified|created|released|declassified|accessed|retrieved|digiti[sz]ed|scanned|"
                           r"catalogu?ed|archived|reviewed|added|edited|revised)(?:\s+(?:on|at))?$")
_BRACKETED = re.compile(r"^\[[^\[\]]+\]$")
_STATION_WORDS = frozenset({"domestic", "international", "home", "overseas", "world", "regional", "central", "radio",
                            "television", "service", "press", "agency", "network", "broadcasting"})
# a monitored broadcast's source line, its dateline (FBIS, the BBC's Summary of World Broadcasts): the place, the
# station or agency, the language, the time in GMT and the day ("Moscow TASS International Service in English 2122
# GMT 9 Nov 60--L", "Havana Domestic Radio 1200 GMT 27 Oct 62")
_BROADCAST = re.compile(r"^(?P<place>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2})\s+(?:[\w&'’.-]+\s+){0,6}?"
                        r"(?:service|radio|television|tv|agency|tass|broadcast\w*|network|press)\b[^\d]{0,40}?"
                        r"\b\d{4}\s*(?:gmt|utc|z)\s+(?P<date>\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{2,4})\b(?:\s*-{1,2}\s*\w*)?\s*$",
                        re.IGNORECASE)
# a person's initials and surname ("A. Novak", "J. F. Smith"): a byline, never a place
_INITIALLED = re.compile(r"^(?:[A-Z]\.\s?){1,3}\s*[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?$")
# a postal address: a street's number and name, or a town with its state's or county's code and postcode ("127 Wall
# Street, New Haven, CT 06511", "Kew, Richmond, Surrey TW9 4DU", "Washington, DC 20004-3027")
_POSTAL = re.compile(r"^\d{1,5}\s+[A-Z][\w.'’ -]{1,40}\s(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Blvd\.|Place|"
                     r"Plaza|Drive|Lane|Way|Square|Court|Strasse|Straße)\b|"
                     r",\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\.?$|\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\.?$")
_BACK_LINK = re.compile(r"(?i)(?<=[.!?)\]\"”])\s+(?:back(?: to (?:text|top))?|return to text|\[back\]|↩\ufe0e?|↑)$")
_LABEL = re.compile(r"^(?P<label>[^\W\d_][\w &'’/().,-]{0,60}?)\s*[:：]\s*(?P<value>.*)$", re.DOTALL)
# the words that make a name an institution's, not a place's ("Department of State", "Office of the Historian")
_INSTITUTION = re.compile(r"(?i)\b(?:department|ministry|office|embassy|consulate|bureau|agency|committee|council|"
                          r"commission|secretariat|library|archives?|university|institute|directorate|division|"
                          # a ministry's letterhead in German, French, Spanish, Italian, Russian
                          r"amt|\w*ministerium|\w*b[üu]ro|botschaft|kanzleramt|abteilung|minist[èe]re|ambassade|direction|"
                          r"secr[ée]tariat|ministerio|embajada|ministero|ambasciata|министерство|посольство|"
                          r"управление|отдел)\b")
# a control line: which copy of how many this is ("Copy No. 1 of 4 copies, Series A", "Экз. № 1", "Cy 3 of 10",
# "This document consists of 2 pages. Copy 4 of 8.", "Экз. единств."): the register's, never a title
_COPY_NUMBER = re.compile(
    r"(?i)^(?:this\s+document\s+consists\s+of\s+\d{1,3}\s+pages?[.,;]?\s*)?"
    r"(?:(?:number|no\.?)\s+\d{1,3}\s+of\s+\d{1,3}\s+copies"
    r"|(?:copy|cy|ex|экз|экземпляр|exemplaire|ausfertigung|ejemplar)\.?\s*(?:no\.?|nr\.?|n°|№|#)?\s*\d{1,3}"
    r"(?:\s*(?:of|из|de|von|sur)\s*\d{1,3})?(?:\s*(?:copies|экз\.?|exemplaires))?"
    r"|экз\.?\s*единств\w*\.?|(?:only|single)\s+copy)?(?:[,.;]?\s*series\s+[A-Z])?[.;]?$")
# a word of a line of codes: capitals alone ("FO", "PREM", "RG") or a word with figures ("371/162375", "80B01676R")
_CODE_WORD = re.compile(r"(?:[A-Z]{1,6}\.?|[\w./-]*\d[\w./-]*)[,;]?")
_CODED_FIELD = re.compile(r"^(?P<label>[^\W\d_][\w'’.]*(?: [^\W\d_][\w'’.]*){0,2})\s?:\s*(?P<value>\S.{0,80})$")
_BREADCRUMB = re.compile(r"^(?:home|главная|accueil|startseite|inicio)\b.*(?:›|»|>|/|\||→)|"
                         # a site's path from its name down to the page, three steps or more ("HANSARD 1803–2005 → 1960s
                         # → 1960 → November 1960 → Commons Sitting")
                         r"^[^→›»]{1,60}(?:\s[→›»]\s[^→›»]{1,60}){2,}$", re.IGNORECASE)
NOTES_HEADING = re.compile(
    r"^(?:foot\s*notes?|end\s*notes?|notes?|notes (?:and|&) (?:references|sources)|(?:references|sources) (?:and|&) notes|"
    r"source notes?|sources|"
    r"notes to the text|editorial notes|editor['’]s notes|translator['’]s notes|references|citations|"
    r"примечания|сноски|anmerkungen|fußnoten|fussnoten|notes de bas de page|notes de l['’](?:éditeur|editeur|auteur)|"
    r"notes du traducteur|notes de fin|notas(?: del editor)?|note)\s*:?$", re.IGNORECASE)
_MEMO_LABELS = {"to", "from", "cc", "subject", "subj", "re", "via", "thru", "through", "memorandum for", "attention",
                "attn", "fm", "info", "action"}

# what documents call themselves in a heading: "MEMORANDUM FOR THE RECORD", "Telegram From the Embassy ..."
_KIND_WORDS = (
    r"memorandum(?:\s+for\s+the\s+record|\s+of\s+conversation|\s+for\s+the\s+files)?|memo(?:\s+for\s+the\s+record)?|"
    r"letterhead\s+memorandum|"
    r"telegram|cable(?:gram)?|airgram|air\s*tel|teletype|despatch|dispatch|letter|message|oral\s+message|"
    r"note|notes|aide-m[ée]moire|report|information\s+report|intelligence\s+information\s+report|"
    r"field\s+information\s+report|information\s+telegram|intelligence\s+memorandum|minutes|protocol|transcript|"
    r"record\s+of\s+conversation|summary\s+record|circular|circular\s+telegram|instruction|instructions|directive|"
    r"communiqu[ée]|statement|oral\s+statement|speech|routing\s+slip|editorial\s+note|informal\s+communication|"
    r"position\s+paper|briefing\s+paper|study|estimate|national\s+intelligence\s+estimate|"
    r"special\s+national\s+intelligence\s+estimate|situation\s+report|sitrep|classified\s+message|"
    r"outgoing\s+message|incoming\s+message|incoming\s+telegram|outgoing\s+telegram|biographic\s+sketch|"
    r"summary|chronology|draft|diary|journal|record|extract|excerpt|deposition|testimony|memoranda|airtel|"
    r"записка|письмо|телеграмма|протокол|постановление|справка|донесение|шифротелеграмма|стенограмма|дневник|"
    r"запись\s+беседы|директива|шифртелеграмма|"
    # the kinds of German, French, Spanish and Italian foreign ministries' records
    r"vermerk|aktenvermerk|aufzeichnung|gespr[äa]chsaufzeichnung|niederschrift|drahtbericht|drahterlass|fernschreiben|"
    r"runderlass|telegramm|protokoll|t[ée]l[ée]gramme|d[ée]p[êe]che|compte[\s-]+rendu|proc[èe]s[\s-]+verbal|"
    r"m[ée]morandum|telegrama|memor[áa]ndum|acta|appunto|telegramma|promemoria|"
    # a cabinet's or committee's record ("CONCLUSIONS of a Meeting of the Cabinet"), an interview's transcript
    r"conclusions\s+of\s+a\s+meeting|(?:oral\s+history\s+)?interview|minute(?=\s+(?:by|from|to|of)\b)"
)
# words a kind heading may carry beside the kind: the office or form it was typed on
_KIND_FURNITURE = re.compile(r"\b(?:office|official|united\s+states\s+government|department\s+of\s+state|incoming|"
                             r"outgoing|classified|action|central\s+intelligence\s+agency|"
                             r"federal\s+bureau\s+of\s+investigation|optional\s+form(?:\s+no)?|form(?:\s+no)?|\w)\b|"
                             r"[^\w\s]+|\d+", re.IGNORECASE)
KIND_HEADING = re.compile(rf"(?P<kind>{_KIND_WORDS})", re.IGNORECASE)
# how a message was to be handled, in capitals at its head: "FOREIGN OFFICE AND WHITEHALL DISTRIBUTION", "LIMITED
# DISSEMINATION": never its title
_HANDLING_LINE = re.compile(r"(?i)\b(?:distribution|dissemination|dissem)\W*$")
# a message's routing line in capitals: "FROM WASHINGTON TO FOREIGN OFFICE", "FROM MOSCOW TO WASHINGTON"
_ROUTING = re.compile(r"from\s+(?P<sender>[^\W\d_][\w .,'’&/()-]{1,50}?)\s+to\s+(?P<to>[^\W\d_][\w .,'’&/()-]{1,50})",
                      re.IGNORECASE)
# what names an archive, a collection or a unit of its files in a citation
_UNIT = r"(?<!\w)(?:ф|оп|д|лл?|f|op|bd|box|folder|file|reel|vol)\.?\s*\d"  # a file's unit: "ф. 3", "Box 115"
_FILE_UNIT = re.compile(_UNIT, re.IGNORECASE)
_ARCHIVE_WORD = re.compile(r"\b(?:archives?|archiv\w*|archivo|archivio|arquivo|архив\w*|library|biblioth\w+|papers|"
                           r"records|fonds?|central\s+files|collection|nachlass|record\s+group|rg)\b|" + _UNIT, re.IGNORECASE)
# the hour after a date ("..., 27th October, 1962, at 10 a.m.", "1962, 10:30 hours")
_TIME_AFTER = re.compile(r"^\s*,?\s*(?:at\s+)?\d{1,2}(?:[:.]\d\d)?\s*(?:[ap]\.\s?m\.?|[ap]m\b|hours|hrs\.?|h\b)"
                         # a 24-hour time after an ISO date, as a database prints a timestamp ("1962-02-15 14:30")
                         r"|^[ T]\d\d:\d\d(?::\d\d)?Z?(?=\W*$)", re.IGNORECASE)
# a memorandum's heading that names whom it is for, typed in capitals without a colon
_ADDRESSED_KIND = re.compile(r"(?:memorandum|memo)\s+for\s+(?:the\s+)?[^\W\d_][\w .,'’&/-]{1,60}", re.IGNORECASE)
# a heading that announces the text below a record's fields: "Transcription:", "FULL TEXT", "Text of the letter:"
_TEXT_HEADING = re.compile(r"^(?:[-*•]\s+)?(?:\*\*|__)?(?:(?:full|complete|english|original|document|the)\s+)?"
                           r"(?:text|transcription|transcript|translation)(?:\s+of\s+the\s+(?:document|letter|message|"
                           r"cable|telegram|memorandum))?(?:\s*\((?:excerpt|extract|abridged|complete)\))?(?:\*\*|__)?"
                           r"\s*:?(?:\*\*|__)?$", re.IGNORECASE)  # (as an outline's bold block: "- **Transcript**")
_MARKED_UP = re.compile(r"^\s*(?:[-*•]\s+|\*\*|__)")  # a list item's bullet, bold type
# an editor's or transcriber's statement of what the text was taken from, above it: "Transcribed from the photocopy
# in the file.", "Printed from an unsigned copy.", "Translated from the Russian."
_PROVENANCE = re.compile(r"(?i)^\[?(?:transcribed|printed|translated|typed|copied|reproduced|taken)\s+from\b")
# the auxiliary verbs a sentence has and a heading has not
_AUXILIARIES = r"is|are|was|were|been|being|has|have|had|will|would|shall|should|must|might|could|did|does"
# a kind word that a verb follows is a sentence's subject, no heading: "Message being released to press ...,
# January 21, 1961.", "Letter was handed to the Ambassador on ..."
_A_VERB_AFTER = rf"(?!\s+(?:{_AUXILIARIES}|be|may|can|do)\b)"
NAMES_A_KIND = re.compile(rf"^(?:an?\s+|the\s+)?(?:{_KIND_WORDS})\b{_A_VERB_AFTER}", re.IGNORECASE)
# a verb a heading does not have, in lower case as a sentence writes it (a heading in title case capitalises its
# words: "What Is To Be Done"): a text that runs on to a date is a sentence, no dated heading
_FINITE = re.compile(rf"\b(?:{_AUXILIARIES})\b")

# web boilerplate: lines that are never content, and markers after which a page's footer begins
_BOILERPLATE = re.compile(
    r"^(?:leave a (?:reply|comment)|cancel reply|post comment|post navigation|share this:?|like this:?|"
    r"like loading\.*|loading\.*|related(?: posts| documents| articles)?|you may also like|"
    r"fill in your details below or click an icon to log in:?|you are commenting using your .{1,40} account\..*|"
    r"log\s*out\s*/\s*change\s*\)?|connecting to %s|%d bloggers like this:?|\d+ bloggers? likes? this\.?|"
    r"(?:wordpress\.com|facebook|twitter|google|gravatar) (?:logo|photo|account)|"
    r"notify me of (?:new )?(?:follow-up )?(?:comments|posts).*|(?:email|name|website)(?: \(required\))?(?: \(address never made public\))?|"
    r"skip to (?:main )?content|menu|search|search for:?|toggle navigation|subscribe|subscribed|follow|following|"
    r"sign me up|already have a wordpress\.com account\?.*|log in now\.?|blog at wordpress\.com\.?|"
    r"create a free website or blog at wordpress\.com\.?|powered by .{1,60}|privacy (?:&|and) cookies:?.*|"
    r"this site uses cookies.*|copyright ©.*|© \d{4}.*|all rights reserved\.?|previous post|next post|"
    r"search(?: (?:the )?[\w-]+){0,3}\s*(?:\.\.\.|…)|"  # a search box's placeholder ("Search...")
    # a digital library's terms on its cover sheet ("Your use of the JSTOR archive indicates your acceptance of the
    # Terms & Conditions of Use, ...", "JSTOR is a not-for-profit service that helps scholars ...")
    r"your use of the .{1,40} (?:archive|content|site) indicates your acceptance .*|"
    r".{1,40} is a not-for-profit service that helps scholars.*|"
    r"posted in .{1,80}|tagged .{1,120}|categories|archives|recent posts|recent comments|comments|\d+ comments?|"
    r"download(?: pdf)?|print|email|tweet|pin it|reblog|report this content|view full site|"
    r"published by .{1,80}|written by .{1,80}|about the author|about these ads|advertisements?|"
    r"occasionally, some of your visitors may see an advertisement here.*|share on .{1,30}|"
    # a wiki's page chrome (MediaWiki: Wikisource, Wikipedia)
    r"from wiki\w+|from wikipedia, the free encyclopedia|jump to (?:navigation|search)(?: jump to (?:navigation|search))?|"
    r"retrieved from [\"“]?https?://\S+|categories?: .{1,300}|hidden categories?: .{1,300}|"
    r"this page was last (?:edited|modified) on .{1,60}|privacy policy.{0,80}|"
    r"navigation menu|personal tools|namespaces|views|more|tools|what links here|related changes|"
    r"\[(?:edit|show|hide)\]|"
    # a telegram's break-text and end-of-message signals, alone on their lines
    r"bt|nnnn|"
    # CIA CREST's release line, typed at the top and foot of each page it releases; NARA's declassification stamp and
    # the JFK collection's release line
    r"(?:sanitized\s+copy\s+)?approved\s+for\s+release\s+\d{4}/\d\d/\d\d\s*:\s*cia-rdp[\w-]+|"
    r"declassified\s+authority\s+nnd\s*\d{3,}.{0,40}|"
    r"released\s+under\s+the\s+john\s+f\.?\s+kennedy\s+assassination\s+records\s+collection\s+act\s+of\s+1992\.?|"
    # the State Department's FOIA review banner at each page's top and foot, and its release stamps
    r"unclassified\s+u\.\s?s\.\s+department\s+of\s+state\s+case\s+no\.?\s+[\w-]+\s+doc\s+no\.?\s+\w+\s+date:\s*[\d/]+|"
    r"released\s+in\s+(?:full|part)(?:\s+b\d[\w(),.\s]{0,40})?|"
    # the custody notices printed on government papers: British Cabinet and Foreign Office papers', the US Espionage
    # Act's legend
    r"this\s+document\s+is\s+the\s+property\s+of\s+.{0,40}government\.?|printed\s+for\s+the\s+cabinet\..{0,30}|"
    r"to\s+be\s+kept\s+under\s+lock\s+and\s+key\..{0,200}|"
    r"it\s+is\s+requested\s+that\s+special\s+care\s+may\s+be\s+taken\s+to\s+ensure\s+the\s+secrecy\s+of\s+this\s+document\.?|"
    r"this\s+(?:document|material)\s+contains\s+information\s+affecting\s+the\s+national\s+defen[cs]e\s+of\s+the\s+united\s+"
    r"states.{0,300}|"
    # a page's tool bar ("Print   Share", "Cite this document") and its menu, from Home to About or Search
    r"(?:(?:print|share|e-?mail|cite|download|bookmark|save|export|menu|search)(?: this (?:page|document|article|item))?"
    r"[\s|•·/]*){1,5}|home(?:\s+[^\W\d_][\w'’-]*){2,12}\s+(?:about(?: us)?|search|contact(?: us)?)|"
    # a menu's items apart by wide spaces ("Home  Database  Publications  e-Dossiers  About us")
    r"home(?:\s{2,}[^\W\d_][\w'’-]*(?: [\w'’-]+)?){2,12})$",
    re.IGNORECASE,
)
# a navigation bar: "← Document 65   Volume VI   Document 67 →", "« Previous | Next »"
# the line that opens a forwarded or quoted message: the header below it describes the document
FORWARDED = re.compile(r"^(?:[-_=]{2,}\s*(?:original message|forwarded message|message transféré|"
                       r"weitergeleitete nachricht|mensaje original|ursprüngliche nachricht)\s*[-_=]{2,}|"
                       r"begin forwarded message:?|"
                       # a reply's attribution above the message it quotes: "On Tue, Mar 5, 2019, X wrote:"
                       r"on\s.{6,160}\swrote\s?:|le\s.{6,160}\sa\s[ée]crit\s?:|am\s.{6,160}\sschrieb\s.{0,80}:)$",
                       re.IGNORECASE)
# (and "‹ Previous document   Document 4   Next document ›"; a bar of links: "Previous Document | Contents | Next")
# a site's menu or foot: three links or more apart by bars or dots, each a few words ("Search the documents | Browse by
# volume | About the project | Contact", "Royal Irish Academy · National Archives · Department of Foreign Affairs")
_MENU = re.compile(r"^(?:[^|·•\d]{1,40}?\s[|·•]\s){2,}[^|·•\d]{1,40}$")
_NAVIGATION = re.compile(r"^(?:[←⇐◄‹]\s*\S.*|.*\S\s*[→⇒►›]|[«‹]\s*(?:previous|prev|back)\b.*|.*\bnext\s*[»›]|"
                         r"(?:previous|prev\.?|next)(?:\s+(?:document|page|item|record|entry|section|chapter))?|"
                         r"(?:(?:previous|prev\.?|next)(?:\s+(?:document|page|item|record|entry))?\s*[|·•]\s*){1,3}.*)$",
                         re.IGNORECASE)
_FOOTER_START = re.compile(
    r"^(?:leave a (?:reply|comment)|published by .{1,80}|share this:?|like this:?|post navigation|"
    r"retrieved from [\"“]?https?://\S+|"
    r"related posts|you may also like|%d bloggers like this:?|about the author|written by .{1,80})$",
    re.IGNORECASE,
)

# -- note markers --------------------------------------------------------------------------------
# what OCR makes of a superscript figure at the start of a note's line: a caret, a quote mark, a degree sign
GARBLED_MARK = re.compile(r"^[\^'’‘`°»](?=\s*[A-Z])\s*")
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_DIGITS = str.maketrans(SUPERSCRIPTS, "0123456789")
_SYMBOLS = "*†‡§‖¶"
# a note of a note list, in the styles editors, typists and web pages use: [1] (1) 1. 1) 1/ ¹ * † ^1 [^1]: Note 1:
_NOTE_DEF = re.compile(
    r"^(?:[-•–]\s+)?(?P<marker>\[\^?(?:\d{1,3}|[a-z]|[ivxl]{1,5}|n\.?\s?\d{1,3})\]:?|[↑^](?=\s)|\{\d{1,3}\}|<\d{1,3}>|\(\d{1,3}\)|\((?-i:[a-z])\)(?=\s)|\d{1,3}[.)/](?=\s)|[" + SUPERSCRIPTS + r"]{1,3}|"
    r"[*†‡]\d{1,3}(?=[\s.:)])[.:)]?|"
    r"\*{1,4}|[†‡§‖¶]{1,3}|\^\d{1,3}|(?:foot|end)?note\s+\d{1,3}(?:[.:]|\s+[-–—])?|n(?:\.\s*|(?=\d))\d{1,3}[.:]?|"
    r"\d{1,3}(?=\s+[^\W\d_]))"
    # a wiki's back-link arrow after the number, as its references copy ("1. ^ Source: ...", "2. ↑ See ...")
    r"(?:\s+[↑^](?=\s))?"
    r"\s*(?P<text>\S.*)$", re.IGNORECASE | re.DOTALL)


# a note typed as a bracketed block where it belongs, numbered: "[Footnote 1: Document 53.]" (Project Gutenberg)
_NUMBERED_NOTE_BLOCK = re.compile(r"^\[(?:foot|end)?note\s+(?P<n>\d{1,3}|[a-z]|[ivxl]{1,5})\s*[:.]\s*(?P<text>\S.*?)\]?$",
                                  re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class NoteMark:
    """A note marker: ``number`` as the note is numbered ("1", "*", "†"), ``style`` as it was typed."""

    number: str
    style: str  # bracket, paren, dot, slash, super, symbol, starred ("*1"), caret, word, bare, arrow (numbered by its place)

    @property
    def lettered(self) -> bool:
        """A note lettered in parentheses, "(a)", as older printed editions letter them: as often the text's own
        enumeration, so a note only where the text cites it."""
        return self.style == "paren" and not self.number.isdigit()


def note_mark(marker: str) -> NoteMark:
    m = marker.strip().rstrip(":")
    if m in ("↑", "^"):  # a wiki's back-link: the note's number is its place in the list
        return NoteMark("", "arrow")
    if m.startswith(("[", "{", "<")):
        number = re.sub(r"[^\w]|\^", "", m).lower()
        return NoteMark(number[1:] if re.fullmatch(r"n\d+", number) else number, "bracket")  # "[n1]": note 1
    if m.startswith("("):  # "(2)", or a lettered note "(b)" as older printed editions letter them
        return NoteMark(m[1:-1].lower() if m[1:-1].isalpha() else re.sub(r"\D", "", m), "paren")
    if m[0] in SUPERSCRIPTS:
        return NoteMark(m.translate(_SUPER_DIGITS), "super")
    if m[0] in _SYMBOLS and m[1:].rstrip(".:)").isdigit():
        return NoteMark(m[1:].rstrip(".:)"), "starred")  # "*1", "†2": a typist's numbered asterisk
    if m[0] in _SYMBOLS:
        return NoteMark(m, "symbol")
    if m.startswith("^"):
        return NoteMark(m[1:], "caret")
    if m[0].isalpha():
        return NoteMark(re.sub(r"\D", "", m), "word")
    if m.endswith("/"):
        return NoteMark(m[:-1], "slash")
    if m.endswith((".", ")")):
        return NoteMark(m[:-1], "dot")
    return NoteMark(m, "bare")


def to_superscript(number: str) -> str:
    return number.translate(str.maketrans("0123456789", SUPERSCRIPTS))


def citation_pattern(mark: NoteMark) -> re.Pattern:
    """How the body cites a note: [1], [^1], (1), ¹, 1/ or 1 glued to the word before it, ^1, or the symbol."""
    if mark.style == "symbol":
        return re.compile(r"(?<=\S)" + re.escape(mark.number) + r"(?![" + re.escape(_SYMBOLS) + r"])")
    n = re.escape(mark.number)
    if mark.style == "starred":
        return re.compile(rf"(?<=\S)[*†‡]{n}(?!\d)")
    if not mark.number.isdigit():  # a letter or a roman numeral is a marker only in brackets: "[a]", "[iv]", "[^a]"
        # (or, for a lettered list "(a) ...", in parentheses glued to a word or its stop: see GLUED_LETTER)
        glued = rf"|{GLUED_LETTER}\({n}\)" if mark.lettered else ""
        return re.compile(rf"\[\^?{n}\]|\{{{n}\}}|<{n}>{glued}")
    forms = [rf"\[\^?{n}\]", rf"\{{{n}\}}", rf"<{n}>", rf"\^{n}(?!\d)",
             to_superscript(mark.number) + f"(?![{SUPERSCRIPTS}])", rf"(?i:[(\[](?:(?:foot|end)?note\s+|n\.?\s?){n}[)\]])"]
    if mark.style != "bracket":  # a list of "[1]" notes is cited "[1]": "(1)" there is the text's own ("alert(1)")
        forms.append(rf"\({n}\)")
    if mark.style in ("slash", "bare", "dot", "super", "caret", "word"):
        # glued to a word, or to the punctuation after a word: "Sincerely,2", "Kennedy.1", "2/"
        forms.append(rf"(?<=[^\W\d_])(?:{n})/?(?!\d)|(?<=[^\W\d_][.,;:!?\"”’')])(?:{n})/?(?!\d)"
                     # or after two marks: "(see Document 28).2", "“for time being.”3"
                     rf"|(?<=\w[.,;:!?\"”’')\]][.,;:!?\"”’')\]])(?:{n})/?(?!\d)")
    if mark.style in ("bare", "dot"):  # a superscript the text lost after a figure and its stop: "on March 9.2 I welcome"
        forms.append(rf"(?<=\d[.;:])(?:{n})(?=\s+[A-Z“\"]|$)")
    return re.compile("|".join(forms))


# a heading quoted whole: "“Message From Chairman Khrushchev to President Kennedy”", "'Operation Mongoose'"
_QUOTED = re.compile(r'^(?P<open>[“"‘\'«„])(?P<text>[^“”"«»]+?)(?P<close>[”"’\'»“])$')
_CLOSING = {"“": "”„“", '"': '"', "‘": "’", "'": "'’", "«": "»", "„": "“”"}


def unquoted_title(text: str) -> str:
    """A title without the quotation marks a transcript or catalogue puts around the whole of it; a title that
    only opens with a quotation ("“Peace” and the Test Ban") keeps it."""
    m = _QUOTED.match(text.strip())
    if m and m.group("close") in _CLOSING[m.group("open")]:
        return m.group("text").strip()
    return text


# -- lines ---------------------------------------------------------------------------------------
def clean_line(line: str) -> str:
    """Fold every kind of space (NBSP, thin space...) to one plain space and trim. A zero-width space or
    byte-order mark inside a word stays (the word is one word: see analysis.tokens); beside a space or
    at either end of the line it is space."""
    line = unicodedata.normalize("NFC", line)
    line = re.sub(r"(?<!\w)[\u200b\ufeff]+|[\u200b\ufeff]+(?!\w)", " ", line)
    return re.sub(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+", " ", line).strip()


@dataclass(frozen=True)
class Label:
    field: str  # the field of the vocabulary ("date", "title", "archive"...)
    label: str  # as the document wrote it ("DATE OF LAST REVIEW")
    value: str  # "" when the value stands on the next line
    rank: int  # the label's rank among its field's labels (0 is the best)


class Line:
    """A block of a document's text and the features its kind is told from."""

    def __init__(self, text: str, page: str | None = None, position: int = 0, indent: int = 0,
                 after_rule: bool = False):
        self.text = text
        self.page = page
        self.position = position
        self.indent = indent  # columns of space before its first line
        self.after_rule = after_rule  # a rule (____, ----) stands right above it

    def __repr__(self) -> str:
        return f"Line({self.text[:60]!r}, page={self.page!r})"

    @cached_property
    def words(self) -> list[str]:
        return _WORDS.findall(self.text)

    @cached_property
    def caps(self) -> float:
        """Share of the letters that are capitals."""
        letters = _LETTER.findall(self.text)
        return sum(map(str.isupper, letters)) / len(letters) if letters else 0.0

    @cached_property
    def date(self) -> DateRange | None:
        """The date of a line that is only a date ("28 October 1962", "from 28.X.1962", "[November 11, 1962]"), a
        note marker after it aside."""
        return date_line(self.text) or (date_line(self.unmarked) if self.unmarked != self.text else None)

    @cached_property
    def dateline(self) -> tuple[str, DateRange] | None:
        """(place, date) of a dateline: "Moscow, October 27, 1962", "MOSCOW, [NOVEMBER 11, 1962]". A span of years
        ("Kennedy-Khrushchev Correspondence, 1960-1963") is a collection's or series' coverage, not a dateline."""
        found = dateline(self.text) or (dateline(self.unmarked) if self.unmarked != self.text else None)
        if found is None and (m := _BROADCAST.match(self.text)) and (date := date_line(m.group("date"))) is not None:
            words = m.group("place").split()  # the place ends where the station's name begins ("TASS", "Domestic")
            end = next((k for k, w in enumerate(words) if k and (w.isupper() and len(w) >= 2 or w.lower() in
                                                                 _STATION_WORDS)), len(words))
            return " ".join(words[:end]), date
        if found is None or _years_only(found[1]):
            return None
        if NAMES_A_KIND.match(found[0]):
            return None  # "Diary, October 27, 1962": a kind and its date (dated_title), not a place
        if Line(found[0]).markings:
            return None  # "SECRET, October 27, 1962", "Secret, Eyes Only, October 27, 1962": a stamp and its date
        if _RECORD_EVENT.match(found[0]):
            return None  # "Posted - November 7, 2012", "Last updated, 3 May 2019": when a page or record was made
        if any(c.isdigit() for c in found[0]):
            return "", found[1]  # "A-412, November 12, 1962": a message's number, then its date; no place
        return found

    @cached_property
    def closing_dateline(self) -> tuple[str, DateRange] | None:
        """(place, date) of a line that dates a document at its foot: a closing formula ("Done at Moscow, February 15,
        1962.", "Done in duplicate at Vienna this 4th day of June, 1961.", "Signed at ...") or a dateline set above
        the signature ("Moscow, 15 February 1962"); the place is "" when the line gives none."""
        m = _CLOSING_FORMULA.match(self.text)
        text = self.text if m is None else re.sub(r"^(?:at|in)\s+", "", self.text[m.end():])
        text = re.sub(r"(?i)^this\s+|\s+(?:this|on)\s+(?=\d|[^\W\d_]+\.?\s+\d)", lambda t: "" if t.start() == 0 else ", ",
                      text)
        if m is None and not (self.dateline or self.date):
            return None
        found = dateline(text)
        if found is not None and not any(c.isdigit() for c in found[0]) and not Line(found[0]).markings:
            return found
        date = date_line(text)
        return ("", date) if date is not None and (m is not None or self.date) else None

    @cached_property
    def dispatch(self) -> tuple[str, DateRange, tuple[str, ...]] | None:
        """(place, date, markings) of a printed edition's dispatch line, the message's number, its dateline and its
        marking as sentences of one line: "T. nos 2126 à 2132. Paris, 7 février 1962, 19 h. Secret.", "No. 45.
        Moscow, February 15, 1962. Confidential." (each sentence one of these, one of them a dateline or date)."""
        if len(self.text) > 200 or ". " not in self.text:
            return None
        found: tuple[str, DateRange] | None = None
        marks: list[str] = []
        numbered = False  # a dispatch line numbers its message: "u. NeW. May 7, 1982" in a scan is debris
        for part in re.split(r"(?<=\.)\s+", self.text.strip()):
            bare = part.rstrip(". ")
            probe = Line(bare)
            if found is None and (probe.dateline or probe.date) and not _DISPATCH_NUMBER.fullmatch(bare):
                found = probe.dateline or ("", probe.date)
            elif probe.markings:
                marks.extend(m for m in probe.markings if m not in marks)
            elif _DISPATCH_NUMBER.fullmatch(bare):
                numbered = numbered or any(c.isdigit() for c in bare)
            else:
                return None
        if not numbered or found is None or _years_only(found[1]) or (found[0] and not Line(found[0]).place_name):
            return None  # "1. Ulbricht to Khrushchev, 15 September 1960": a numbered heading and its date
        return found[0], found[1], tuple(marks)

    @cached_property
    def dated_description(self) -> tuple[DateRange, str] | None:
        """"28 October 1962 / Extract from Protocol No. 63...": a date, a separator, then a description."""
        found = find_dates(self.text)
        if not found or found[0][1] > 2:
            return None
        parsed, _, end = found[0]
        m = _DATE_DESC.match(self.text[end:])
        if not m:
            return None
        desc = self.text[end + m.end():].strip()
        if len(re.findall(r"\w+", desc)) < 2:
            return None
        return DateRange(parsed.start, parsed.end, self.text[:end].strip()), desc

    @cached_property
    def dated_title(self) -> tuple[str, DateRange] | None:
        """("Letter From ... to ...", date) of a heading that ends with its date: "Letter From Chairman Khrushchev
        to President Kennedy, October 26, 1962", "... (26 October 1962)", "... — 26.10.1962"; a note marker after
        the date is not part of it ("..., 1962-02-15[1]")."""
        text = self.unmarked
        found = find_dates(text)
        if not found or len(text) > 250:
            return None
        found = spans(text, found)
        if len(found) > 1:
            return None
        parsed, start, end = found[0]
        if (end - start) < 6 or not re.fullmatch(r"[\s)\]\.]*(?:г(?:ода?)?\.?[\s)\]\.]*)?", _TIME_AFTER.sub("", text[end:])):
            return None
        if _years_only(parsed):  # "Kennedy-Khrushchev Correspondence, 1960-1963": a collection's coverage
            return None
        m = re.search(rf"(?:\s*[,;:.]|\s+[-–—|/]+|\s*[(\[])\s*(?:dated\s+|of\s+|on\s+|between\s+)?"
                      rf"(?:{WEEKDAYS}\s*,?\s*)?[(\[]?\s*$", text[:start], re.IGNORECASE)
        if not m:
            return None
        title = self.text[:m.start()].strip()
        if _FINITE.search(title):
            return None  # "Message being released to press approximately 7:00 pm Washington time, January 21, 1961."
        probe = Line(title)
        # a kind alone before its date ("Diary, October 27, 1962", "Дневник. 27 октября 1962 г.") is a title too
        a_kind = bool(NAMES_A_KIND.match(title)) and len(probe.words) <= 6
        if not a_kind and (m.group(0).strip() == "." or len(probe.words) < 3 or not probe.title_like
                           or probe.place_name or (probe.caps_line and not NAMES_A_KIND.match(title))):
            return None
        return title, DateRange(parsed.start, parsed.end, text[start:end])

    @cached_property
    def label(self) -> Label | None:
        """A known label with its value on this line ("Date: 1962"), or alone ("Citation:") with it below."""
        # a field in square brackets, as a transcriber or cataloguer adds one: "[Marked: Secret. Niact.]"
        bracketed = bool(_BRACKETED.match(self.text))
        text = self.text[1:-1].strip() if bracketed else self.text
        m = _LABEL.match(text) if ":" in text or "：" in text else None
        if not m or len(m.group("label")) > 60:
            return None
        found = field_of(m.group("label"))
        if found is None:
            return None if bracketed else self._dated_label(m.group("label").strip(), m.group("value").strip())
        field, _, rank = found
        if bracketed and field not in ("classification", "citation"):
            return None  # "[Note: ...]", "[Date: ...]" in a text are an editor's words in it, not the record's fields
        return Label(field, m.group("label").strip(), m.group("value").strip(), rank)

    @staticmethod
    def _dated_label(label: str, value: str) -> Label | None:
        """A label no list names whose value is a date and nothing else gives the document's date ("Aufgabe: 21.
        Januar 1961, 11.00 Uhr", "Sent: 4 June 1961"), ranked below every label the vocabulary names; unless the label
        says when the record was made, released or received rather than written."""
        if len(label.split()) > 4 or not value or _NOT_WRITTEN.search(label):
            return None
        written = date_line(value)
        if written is None or written.start.year <= 1000:
            return None
        if record_label(label):  # "Disposition Date", "Original Uploaded Date": the record's history, kept as such
            return Label("review", label, value, 90)
        return Label("date", label, value, 95) if len(label.split()) <= 3 else None

    @cached_property
    def routing(self) -> tuple[str, str] | None:
        """(sender, recipient) of a message's routing line typed in capitals: "FROM WASHINGTON TO FOREIGN OFFICE"."""
        m = _ROUTING.fullmatch(self.text.strip())
        if m is None or not self.text.isupper() or len(self.words) > 14:
            return None
        return m.group("sender").strip(), m.group("to").strip()

    @cached_property
    def citation(self) -> Label | None:
        """The citation a line gives: a labelled one ("Source: Department of State, Central Files..."), or an archive's
        name and its reference numbers written out without a label, as transcriptions end: "Archives diplomatiques,
        La Courneuve, 91QO/125.", "АПРФ, ф. 3, оп. 65, д. 904, л. 176." (a few short parts, one naming an archive
        or a file's unit, one with figures)."""
        label = self.label
        if label is not None:
            return label if label.field == "citation" and label.value else None
        parts = [p.split() for p in re.split(r"[,;]", self.text.rstrip(". ")) if p.strip()]
        # each part a name, a code or a file's unit ("ф. 3", "box 4"), never a clause ("paid to the archive in 2011")
        if (2 <= len(parts) <= 8 and len(self.words) <= 25 and all(len(p) <= 8 for p in parts)
                and all(p[0][0].isupper() or p[0][0].isdigit() or _FILE_UNIT.match(" ".join(p)) for p in parts)
                and ":" not in self.text and any(c.isdigit() for c in self.text) and _ARCHIVE_WORD.search(self.text)
                and not self.numbered and not self.note):
            return Label("citation", "", self.text, 50)
        return None

    @cached_property
    def label_shaped(self) -> bool:
        """A label and its value, whether or not the vocabulary knows the label: a known one, or a short one typed in
        capitals ("PARTICIPANTS: The President", "TIME: 5:00 p.m.")."""
        if self.label is not None:
            return True
        m = _LABEL.match(self.text) if ":" in self.text or "：" in self.text else None
        if not m or not m.group("value").strip():
            return False
        label = m.group("label").strip()
        return len(label.split()) <= 3 and label.upper() == label and sum(c.isalpha() for c in label) >= 2

    @cached_property
    def copy_number(self) -> bool:
        """A control line that says which copy this is ("Copy No. 1 of 4 copies", "Экз. № 1")."""
        text = self.text.strip()
        return bool(text) and len(text) <= 120 and bool(_COPY_NUMBER.match(text))

    @cached_property
    def code_line(self) -> bool:
        """A line of codes and figures alone: an archive's reference ("FO 371/162375", "PREM 11/3689", "RG 59"), a
        record's or file's number ("104-10015-10123"): what the document is filed as, not what it is."""
        words = self.text.split()
        return (0 < len(words) <= 6 and any(c.isdigit() for c in self.text)
                and all(_CODE_WORD.fullmatch(w) for w in words))

    @cached_property
    def coded_field(self) -> bool:
        """A label no list names with a code, number or time as its value: a form's or telegram's routing line
        ("Control: 25824", "ACTION: SS", "Rec'd: 22 APR 61, 4:06 p.m."), never a title nor a paragraph."""
        m = _CODED_FIELD.match(self.text)
        if not m or self.label is not None:
            return False
        value = m.group("value")
        if (found := find_dates(value)) and len(value.split()) <= 8:
            rest = value[:found[0][1]] + value[found[0][2]:]
            return not re.search(r"(?<![ap]\.)[^\W\d_]{3,}", rest)  # the date and a time, nothing more
        return all(re.search(r"\d", token) or re.fullmatch(r"[A-Z]{1,5}|[ap]\.m\.", token)
                   for token in re.split(r"[\s,;/]+", value) if token)

    @cached_property
    def memo_field(self) -> Label | None:
        """A memo or cable line: TO:, FROM:, SUBJECT:, MEMORANDUM FOR:, CC:, VIA: with its value."""
        label = self.label
        if label and label.value and (re.sub(r"\W+", " ", label.label).strip().lower() in _MEMO_LABELS
                                      or label.field == "participants"):
            return label  # who took part in a meeting is a memorandum of conversation's header, as TO: is a memo's
        return None

    @cached_property
    def markings(self) -> tuple[str, ...]:
        """The markings of a line that holds nothing but markings (and "copy No. 3"-like residue), else (); a
        marking typed letter by letter ("S-E-C-R-E-T") is one."""
        line = closed_up(self.text)
        first = next((c for c in line if c.isalpha()), "")
        if not first.isupper() or (line.endswith(",") and not line.isupper()) or len(line) > 120 or (
                line.endswith(".") and not line.isupper() and not line[:1].isalpha()):
            return ()  # "strictly secret." inside wrapped prose is not a stamp; "Secret; Niact." on its own is one,
            # "204. Secret." (a wrapped source note's line) is not
        if not has_marking(line):
            return ()
        rest = _COPY.sub(" ", MARKING_PATTERN.sub(" ", line))
        if (dated := date_line(rest.strip(" ,;:-–—/|"))) is not None:  # "SECRET, October 27, 1962": a dated stamp
            rest = rest.replace(dated.raw, " ")
        if _LETTER.search(rest) and not (rest != line and _stamp_residue(rest)):
            return ()  # (a number beside no marking at all, "7 TQ FILE NO.", is no stamp)
        found = normalize_classification(line)
        # a line of handling words alone ("Personal", "Priority") is a stamp only when typed as one, in capitals
        return found if any(m in LEVELS for m in found) or (line.isupper() and found) else ()

    @cached_property
    def scanned_markings(self) -> tuple[str, ...]:
        """The markings of a scanned stamp line that OCR left a little debris on ("CONFIDENTIAL “me a"): a level
        marking, and beside the markings nothing but marks and one- or two-letter scraps; or a line that is a level
        once its spaces are closed ("CONF IDENT IAL"). A stamp OCR garbled ("SEGRET") gives nothing: better left out
        than guessed."""
        if self.markings or len(self.text) > 80:
            return self.markings
        if (spaced := _SPACED_LEVEL.get(re.sub(r"[\s\-–.]+", "", self.text.strip(" \"'“‘()|.,-")))) is not None:
            return (spaced,)  # a level typed or read with its letters apart anywhere ("CONF IDENT IAL", "S-E-C-R-E-T")
        if not has_marking(self.text):
            return ()
        text = closed_up(self.text)
        rest = MARKING_PATTERN.sub(" ", text)
        scraps = [t for t in rest.split() if _LETTER.search(t)]
        if len(scraps) > 3 or any(len(_LETTER.findall(t)) > 2 for t in scraps):
            return ()
        found = normalize_classification(" ".join(m.group(0) for m in MARKING_PATTERN.finditer(text)))
        return found if any(m in LEVELS for m in found) and text.lstrip(" \"'“‘(.-")[:1].isupper() else ()

    @cached_property
    def note(self) -> tuple[NoteMark, str] | None:
        """The marker and text of a note of a note list ("[1] Source: ...", "(2) Printed from ...", "¹ Documents 67")."""
        if m := _NUMBERED_NOTE_BLOCK.match(self.text):
            return NoteMark(m.group("n").lower(), "bracket"), m.group("text").strip()
        m = _NOTE_DEF.match(self.text)
        if not m:
            return None
        # a web page's link back to where the text cites the note ends it: "Printed from an unsigned copy. Back"
        return note_mark(m.group("marker")), _BACK_LINK.sub("", m.group("text").strip())

    @cached_property
    def site_foot(self) -> bool:
        """What a saved page prints below a document's text: a link of a word or two ("Contents", "Home"), the site's
        postal address ("127 Wall Street, New Haven, CT 06511.")."""
        return (len(self.words) <= 3 and not self.sentence and not self.date and not self.markings) or self.address \
            or bool(_POSTAL.search(self.text))

    @cached_property
    def inline_note(self) -> str | None:
        """A block that is one bracketed note: "[Translator note: ...]"."""
        m = _NOTE_BLOCK.match(self.text)
        return m.group("text").strip() if m else None

    @cached_property
    def kind_heading(self) -> str | None:
        """The document kind a heading names when that is all it says: "MEMORANDUM FOR THE RECORD", "TELEGRAM"; not
        an outline's or a Markdown page's label of the text below it ("- **Transcript**")."""
        if len(self.text) > 80 or (_TEXT_HEADING.match(self.text) and _MARKED_UP.match(self.text)):
            return None
        rest = re.sub(r"\s+", " ", _KIND_FURNITURE.sub(" ", self.text)).strip()
        m = KIND_HEADING.fullmatch(rest) if rest else None
        if m is None and self.caps_line and _ADDRESSED_KIND.fullmatch(self.text.strip()):
            return self.text.strip()  # "MEMORANDUM FOR THE PRESIDENT": a memorandum and whom it is for
        return m.group("kind") if m and not self.numbered_heading else None

    @cached_property
    def numbered_heading(self) -> tuple[str, str] | None:
        """("66", "Letter From Chairman Khrushchev ...") for an edition's numbered heading, if it names a document."""
        m = _NUMBERED_HEADING.match(self.unmarked)
        if m and NAMES_A_KIND.match(m.group("rest")) and len(self.words) <= 40 and not self.unmarked.endswith(
                (".", ":", ";")):
            return m.group("n").rstrip(".:—–- "), _NUMBERED_HEADING.match(self.text).group("rest")
        return None

    @cached_property
    def document_number(self) -> int | None:
        """The number of a line that is only a document's number ("No. 4.", "Nr. 4", "66"), else None."""
        m = _DOCUMENT_NUMBER.match(self.text.strip())
        return int(m.group("n")) if m else None

    @cached_property
    def numbered(self) -> bool:
        """A numbered paragraph or list item ("1. The source stated...", "a. The 201 Number", "IV. On ...")."""
        return bool(_NUMBERED.match(self.text))

    @cached_property
    def unmarked(self) -> str:
        """The text without the note markers at its end ("...to President Kennedy[1]" is still a heading), nor the day
        a printed despatch was received, run on to its heading ("Sir F. Roberts to the Earl of Home.—(Received
        October 27.)")."""
        return RECEIVED_CLAUSE.sub("", _TRAILING_MARKS.sub("", self.text).rstrip()).rstrip()

    @cached_property
    def sentence(self) -> bool:
        """Prose: twenty words or more, or sentence punctuation at the end (note markers aside)."""
        text = self.unmarked
        if len(_WORDS.findall(text)) >= 20:
            return True
        return bool(_SENTENCE_END.search(text)) and not (self.caps >= 0.9 and _INITIALS_END.search(text))

    @cached_property
    def boilerplate(self) -> bool:
        return (bool(_BOILERPLATE.match(self.text)) or bool(_BREADCRUMB.match(self.text))
                or (len(self.text) <= 200 and bool(_NAVIGATION.match(self.text) or _MENU.match(self.text))
                    and not self.markings))

    @cached_property
    def footer_start(self) -> bool:
        return bool(_FOOTER_START.match(self.text))

    @cached_property
    def notes_heading(self) -> bool:
        return bool(NOTES_HEADING.match(self.text))

    @cached_property
    def reference(self) -> bool:
        return bool(_REFERENCE.match(self.text))

    @cached_property
    def address(self) -> bool:
        return bool(_ADDRESS.match(self.text)) and len(self.text) < 160

    @cached_property
    def caps_line(self) -> bool:
        """A short line in capitals: a letterhead, addressee, place or signature ("HAVANA", "SECRETARY of the TsK")."""
        words = self.words
        if len(words) > 8:
            return False
        if self.text.endswith((".", ":", ";", ",")) and len(words) > 3:
            return False
        return self.caps >= 0.6 and len(_LETTER.findall(self.text)) >= 3

    @cached_property
    def place_name(self) -> bool:
        """One to four capitalised words and nothing else ("Moscow", "Washington, D.C.", "SAN JOSE")."""
        words = re.findall(r"[^\W\d_][\w.'’-]*", self.text)
        return (0 < len(words) <= 4 and not re.search(r"\d|[:;!?]", self.text) and len(self.text) <= 40
                and all(w[0].isupper() or w.lower() in ("de", "del", "la", "le", "am", "on", "upon") for w in words)
                and not self.markings and not self.kind_heading and not self.notes_heading
                and not _INSTITUTION.search(self.text) and not _INITIALLED.match(self.text.strip()))

    @cached_property
    def institution_name(self) -> bool:
        """An institution's name and nothing else, as a letterhead gives it ("Department of State", "CENTRAL
        INTELLIGENCE AGENCY"): at most eight words, no figure, no sentence, naming no kind of document."""
        return (bool(_INSTITUTION.search(self.text)) and len(self.words) <= 8 and len(self.text) <= 80
                and not re.search(r"\d|[:;!?]", self.text) and not self.text.endswith(".")
                and not NAMES_A_KIND.match(self.text) and not self.kind_heading and not self.markings)

    @cached_property
    def supplied_place(self) -> str | None:
        """A place an editor supplies in brackets on a line of its own: "[Moscow]", "[Washington, D.C.]"."""
        m = re.fullmatch(r"\[(?P<place>[^\[\]]{2,40})\]\.?", self.text)
        return m.group("place").strip() if m and Line(m.group("place")).place_name else None

    @cached_property
    def title_like(self) -> bool:
        """Short, not ending like a sentence, and not a date, label, address or reference."""
        text = self.unmarked
        named = [w for w in self.words if len(w) >= 2 and not w.isdigit()]
        dated = find_dates(text)
        return (
            0 < len(self.words) <= 30
            # "1042. Policy. Embtel 1041. Embassy translation follows ... “for time being.”"
            and not (re.search(r"[.!?…][\"”’')\]]*$", text) and len(self.words) > 12)
            and bool(named) and not (dated and len(named) <= 2)  # "early 1962" is a date, "0000-00-00" nothing
            and len(self.text) <= 250
            and not text.endswith((".", ":", ";", ","))
            and not self.reference
            and not _SUBPAGE.search(text)
            and not BYLINE.match(text)
            and not self.address
            and not self.memo_field
            and not self.kind_heading
            and not _HANDLING_LINE.search(text)
            and self.date is None
            and self.dateline is None
            and self.dated_description is None
        )


# what may stand beside the markings on a stamp line: the words that join them ("TOP SECRET AND PERSONAL", "geheim
# und persönlich"), and the file or control number the stamp is typed with ("II A 1-82.00/94.29-216/62 geheim",
# "SECRET  Control No. 4512", "(No. 45. Secret.)" in a printed despatch)
_STAMP_JOINS = {"and", "und", "et", "y", "e", "&"}
_NUMBER_WORDS = {"no", "nos", "nr", "n°", "ref", "control", "cy", "copy", "serial", "file", "log", "az"}
_SHORT_CODE = re.compile(r"[A-Z]{1,2}|[\w./-]*\d[\w./-]*")


# a sentence of a dispatch line that numbers the message: "T. nos 2126 à 2132", "L. no 140", "No. 45", "Nr. 123"
_DISPATCH_NUMBER = re.compile(r"(?i)[^\W\d_]{1,3}|(?:(?:nos?|nr|n°|№|no\.)\s*)?[\w/.-]*\d[\w/.-]*"
                              r"(?:\s+(?:à|to|bis|a|-|–)\s+[\w/.-]*\d[\w/.-]*)?")


def _stamp_residue(rest: str) -> bool:
    """Whether what is left of a line once its markings are taken out is only joining words, or a number with the
    words that name it and an office's letters ("II A", "AN"): a stamp line, not a heading that names a marking."""
    tokens = [t.strip("()[].,;:") for t in rest.split()]
    words = [t for t in tokens if t and t.lower() not in _STAMP_JOINS]
    if not any(_LETTER.search(t) for t in words):
        return True
    return (any(c.isdigit() for t in words for c in t)
            and all(t.lower() in _NUMBER_WORDS or _SHORT_CODE.fullmatch(t) for t in words))


def _years_only(date: DateRange) -> bool:
    """A span of whole years ("1960-1963"): a collection's or series' coverage, not the day a document was written."""
    return (date.end - date.start).days > 366 and (date.start.month, date.start.day, date.end.month,
                                                   date.end.day) == (1, 1, 12, 31)


def typed_in_capitals(lines) -> bool:
    """Whether a text is typed all in capitals (a cable), more than 70% of its letters: then capitals set no
    short line apart (:attr:`Context.shouting`)."""
    letters = "".join(c for line in lines for c in line.text if c.isalpha())
    return sum(c.isupper() for c in letters) > 0.7 * len(letters)


# the levels, their letters run together: a line that is nothing else is a stamp however its spaces fell
_SPACED_LEVEL = {re.sub(r"\s", "", level): level for level in ("TOP SECRET", "SECRET", "CONFIDENTIAL", "UNCLASSIFIED")}


@dataclass(frozen=True)
class Context:
    """What a line's kind depends on beyond the line itself."""

    in_head: bool = True  # no body paragraph yet
    shouting: bool = False  # the text is typed all in capitals (a cable): capitals set no line apart
    next: Line | None = None  # the line below it


# the words that open a closing formula's place and date: "Done at", "Done in duplicate at", "Given at", "Signed at",
# "Dated at", "Written at", "Fait à" / "Geschehen zu" as treaties in French and German close
_CLOSING_FORMULA = re.compile(r"(?i)^(?:done|given|signed|dated|written|made|fait|geschehen|hecho)"
                              r"(?:\s+(?:in|en)\s+(?:duplicate|triplicate|\w+\s+(?:copies|originals|exemplaires)))?,?\s+"
                              r"(?=(?:at|in|à|zu|en|on|this|le)?\s*\S)(?:on\s+|à\s+|zu\s+|en\s+|le\s+)?")
# note markers no heading, field or date line begins with: a wiki's back-link arrow, a caret, a superscript figure
_NEVER_HEADINGS = frozenset({"arrow", "caret", "super"})
_NOTE_IN_BRACKETS = re.compile(r"^\s*\[\s*(?:foot|end)?note\s*\w{1,3}\s*[:.\]]", re.IGNORECASE)  # "[Footnote 2: ...]"


def kind_of(line: Line, context: Context = Context()) -> Kind:
    """The kind of a line, by the precedence of the module docstring."""
    head = context.in_head
    if line.boilerplate:
        return Kind.BOILERPLATE
    if line.label and (head or not line.label.value) and not line.notes_heading:
        return Kind.FIELD
    if (line.note and (line.note[0].style == "bracket" and (not head or _NOTE_IN_BRACKETS.match(line.text))
                       or line.note[0].style in _NEVER_HEADINGS)) or line.inline_note is not None:
        return Kind.NOTE  # (a note under a marker no heading begins with, wherever it stands)
    if line.markings:
        return Kind.STAMP
    if head and (line.dispatch or line.dateline):
        return Kind.DATELINE
    if line.date:
        return Kind.DATE
    if head and (undated_place(line.text) or line.supplied_place
                 or (line.place_name and context.next is not None and (
                     context.next.date or (context.next.label and context.next.label.field == "date"
                                           and parse_date(context.next.label.value))))):
        return Kind.DATELINE  # "Moscow, undated."; a place on the line above the date, as letters set them
    if head and (line.coded_field or line.copy_number or _TEXT_HEADING.match(line.text) or line.document_number
                 is not None
                 or (_PROVENANCE.match(line.text) and len(line.words) <= 30)):
        return Kind.HEADER
    if head and line.dated_description:
        return Kind.SUBTITLE
    if head and line.dated_title:
        return Kind.TITLE  # "Letter From ... to ..., October 26, 1962": the title, and its date  # "28 October 1962 / Extract from Protocol No. 63 ...": a date and a subtitle
    if head and line.kind_heading:
        # "MEMORANDUM FOR THE RECORD"; quoted whole ("“Editorial Note”"), a kind is the title a transcript gives
        return Kind.HEADER if unquoted_title(line.text) == line.text else Kind.TITLE
    if head and line.title_like:
        return Kind.TITLE
    if line.address:
        return Kind.ADDRESS
    if head and BYLINE.match(line.text):
        return Kind.HEADER  # "by the President's Special Assistant ... (Bundy)": who wrote it, not a paragraph
    if line.reference or (line.caps_line and (head or not context.shouting)) or (head and not line.sentence):
        return Kind.HEADER
    if not any(c.isalnum() for c in line.text):
        return Kind.FURNITURE  # a stray mark (OCR noise, a typist's ornament) is not a paragraph
    return Kind.BODY


# what names a series, a volume or a site rather than one document: "Documents on Irish Foreign Policy", "Foreign
# Relations of the United States, 1961-1963, Volume VI", "... Bulletin, Issue 8-9"
_OF_A_SERIES = re.compile(r"(?i)\b(?:documents|papers|volume|vol\.|issue|bulletin|series|collection|archive|"
                          r"relations|records|project)\b")


def choose_title(candidates: list[Line], source_note: str | None) -> Line | None:
    """The title among the head's title-like lines: the one that cites the edition's source note, else a numbered
    document heading ("66. Letter From ..."), else the first that names a document's kind if the first names
    none, else the first."""
    if not candidates:
        return None
    # an archive's reference above the heading ("FO 371/162375") is where the document is filed, not its title
    candidates = [line for line in candidates if not line.code_line] or candidates
    if source_note is not None:
        n, sup = re.escape(source_note), re.escape(to_superscript(source_note))  # a note may be marked "*"
        for line in candidates:
            if re.search(rf"\[\^?{n}\]\s*$|{sup}\s*$|(?<=[^\W\d_]){n}$", line.text):
                return line
    numbered = next((line for line in candidates if line.numbered_heading), None)
    if numbered is not None:
        return numbered
    first = candidates[0]
    # a name or a number in a series ("61st Conclusions", "Document 66"): a few words, no clauses
    a_name = len(first.words) <= 4 and not re.search(r"[,;:]", first.unmarked)
    if not NAMES_A_KIND.match(first.unmarked) and (
            first.caps_line or a_name or first.citation is not None or _OF_A_SERIES.search(first.unmarked)
            or first.institution_name):
        # a letterhead or office line in capitals ("DEPARTMENT OF STATE"), a site's or office's name ("Office of
        # the Historian", "John F. Kennedy Presidential Library & Museum") above a heading that names the document
        # ("Letter From ... to ...")
        # (a message's routing line, "FROM WASHINGTON TO FOREIGN OFFICE", names the message as a heading would)
        named = next((line for line in candidates[1:] if (NAMES_A_KIND.match(line.unmarked) or line.routing)
                      and (first.caps_line or len(line.unmarked.split()) >= 3)), None)
        if named is not None:
            return named
    return first


# the abbreviations FBI and CIA files and their catalogues name kinds of records by
KIND_ABBREVIATIONS = {"memo": "Memo", "rpt": "Report", "let": "Letter", "ltr": "Letter", "lhm": "Letterhead Memorandum",
                      "tt": "Teletype", "tty": "Teletype", "a/t": "Airtel", "at": "Airtel", "cab": "Cablegram",
                      "cbl": "Cable", "msg": "Message", "mfr": "Memorandum for the Record"}


def kind_name(value: str, whole: bool = False) -> str:
    """The document kind a value names: a kind or its abbreviation alone ("MEMORANDUM", "RPT"), the kind a label
    starts with ("MEMORANDUM FOR" -> "MEMORANDUM"), or with ``whole`` a catalogue's document type that starts with
    a kind ("DRAFT BRIEFING NOTES"); "" for anything else ("PAPER, TEXTUAL DOCUMENT", "INC LHM")."""
    text = re.sub(r"\s+", " ", re.sub(r"[^\w/ ]+", " ", value)).strip()
    if text.lower() in KIND_ABBREVIATIONS:
        return KIND_ABBREVIATIONS[text.lower()]
    if not text or re.search(r"\d|\btextual\b|\bdocuments?\b", text, re.IGNORECASE):
        return ""
    if whole:
        return text if len(text.split()) <= 5 and NAMES_A_KIND.match(text) else ""
    m = NAMES_A_KIND.match(text)
    return m.group(0).strip() if m else ""


def kind_title(kind: str) -> str:
    """"MEMORANDUM FOR THE RECORD" -> "Memorandum for the Record"."""
    small = {"for", "the", "of", "on", "and", "to", "a", "an", "in"}
    words = kind.lower().split()
    return " ".join(w if i and w in small else w[:1].upper() + w[1:] for i, w in enumerate(words))
