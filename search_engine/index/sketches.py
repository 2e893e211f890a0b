"""What a build keeps of each document to connect it with the others: a MinHash of its text, the names,
numbers and record identifiers it carries, where it stands in a volume.

MinHash (Broder 1997) over character shingles: the letters and digits of the folded text, spaces and
punctuation dropped (so an OCR'd copy that splits or joins words, or a PDF that hyphenates them, still
shares most shingles), cut into overlapping runs of ``SHINGLE`` characters. Each shingle is hashed once
(numpy, vectorised), and the signature is the minimum of ``PERMUTATIONS`` universal hash permutations
of those hashes, as datasketch's MinHash computes it. (datasketch itself was measured: importing it
takes 0.9 to 2.2 s on our machines, for scipy, on every build; the two numpy expressions below are all
of it that is used.) The fraction of equal minima estimates the Jaccard similarity of two shingle sets.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache

from ..model import Document

SHINGLE = 6
PERMUTATIONS = 128
# what a profile holds changed: a kept profile of another version is made again from the stored document
PROFILE_VERSION = 3  # 3: a digest of what a comparison of two documents reads (``text``)
_PRIME = (1 << 61) - 1
_MAX = (1 << 32) - 1
_CHUNK = 1024  # shingles permuted at a time: 128 x 1024 x 8 bytes (1 MB) stay in the cache, 8 MB did not


def _permutations():
    import numpy as np

    rng = np.random.RandomState(1)  # fixed: signatures from different builds must be comparable
    a = rng.randint(1, _PRIME, size=PERMUTATIONS, dtype=np.uint64)
    b = rng.randint(0, _PRIME, size=PERMUTATIONS, dtype=np.uint64)
    return a, b


_PERMS = None
_NOT_ALNUM = re.compile(r"[\W_]+")  # what str.isalnum is not: \w is isalnum() and "_"


def shingle_hashes(text: str):
    """The distinct 32-bit hashes of the text's shingles (a numpy array)."""
    import numpy as np

    from ..analysis.tokens import fold_text

    letters = _NOT_ALNUM.sub("", fold_text(text))
    codes = np.frombuffer(letters.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < SHINGLE:
        codes = np.pad(codes, (0, SHINGLE - len(codes))) if len(codes) else codes
    if not len(codes):
        return np.zeros(0, dtype=np.uint64)
    n = len(codes) - SHINGLE + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(SHINGLE):  # a polynomial hash of each window, modulo 2**64
            h = h * np.uint64(1_000_003) + codes[j:j + n]
        h = (h * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(32)
    h.sort()  # the distinct hashes as np.unique gives them, without its read of np.ma (which imports numpy.ma)
    return h[np.concatenate(([True], h[1:] != h[:-1]))]


def minhash(hashes) -> bytes:
    """The MinHash signature of a set of shingle hashes: ``PERMUTATIONS`` 32-bit minima, little-endian."""
    import numpy as np

    global _PERMS
    if _PERMS is None:
        _PERMS = _permutations()
    a, b = (p[:, None] for p in _PERMS)
    prime, top = np.uint64(_PRIME), np.uint64(61)
    best = np.full(PERMUTATIONS, _MAX, dtype=np.uint64)
    shape = (PERMUTATIONS, min(_CHUNK, len(hashes)))  # the buffers, made once
    values, high, reached = np.empty(shape, np.uint64), np.empty(shape, np.uint64), np.empty(shape, bool)
    with np.errstate(over="ignore"):
        for start in range(0, len(hashes), _CHUNK):
            chunk = hashes[None, start:start + _CHUNK]
            n = chunk.shape[1]
            x, top_bits, over = values[:, :n], high[:, :n], reached[:, :n]
            np.multiply(a, chunk, out=x)  # modulo 2**64, as datasketch computes it
            x += b
            # x % _PRIME without a division: 2**61 is 1 modulo the Mersenne prime 2**61 - 1, so x is congruent to
            # its low 61 bits plus its top 3, below twice the prime; where that reaches the prime, taking the
            # prime off leaves the low 32 bits (all that is kept) that adding 1 leaves
            np.right_shift(x, top, out=top_bits)
            x &= prime
            x += top_bits
            np.greater_equal(x, prime, out=over)
            x += over
            x &= np.uint64(_MAX)
            np.minimum(best, x.min(axis=1), out=best)
    return best.astype("<u4").tobytes()


def body_text(doc: Document) -> str:
    """The text two copies of a document share: the paragraphs (not the metadata a format adds or loses)."""
    return "\n".join(p.text for p in doc.paragraphs)


# a name: a capitalised word that does not open a sentence, or any word in capitals of 3+ letters
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+")
_WORD_AFTER = re.compile(r"(" + _WORD.pattern + r")(?=(.?))", re.S)  # each word and the character after it, if any


def names(text: str) -> list[str]:
    """The names a text uses, as keys that survive transliteration (see :func:`name_key`), in order."""
    out = []
    sentence_start = True
    for word, after in _WORD_AFTER.findall(text):
        if not sentence_start and len(word) > 2 and word[0].isupper():
            key = name_key(word)
            if key:
                out.append(key)
        # a sentence ends after this word, unless it is a title's abbreviation ("Cde. Khrushchev", "Mr. Rusk")
        sentence_start = after != "" and after in ".!?:;" and not _TITLE.fullmatch(word)
    return out


_SKELETON = [(r"kh", "h"), (r"shch", "sh"), (r"ch", "c"), (r"ph", "f"), (r"[cq]", "k"), (r"x", "ks"),
             (r"w", "v"), (r"[jy]", "i"), (r"zh", "j"), (r"ts", "c"), (r"(.)\1+", r"\1")]


_TITLE = re.compile(r"[A-ZА-ЯЁ][a-zа-яё]{0,3}")  # Mr, Dr, Cde, Gen, Amb, Тов, Г


@lru_cache(maxsize=100_000)  # the names of an archive come back document after document
def name_key(word: str) -> str:
    """A name's consonant skeleton, the same for its English and Russian spellings: Khrushchev and Хрущёву
    -> "hrshv"; Castro and Кастро -> "kstr"; Kennedy and Кеннеди -> "knd". Empty for a short name."""
    from ..analysis.tokens import fold
    from ..analysis.transliteration import transliterate

    w = fold(word)
    if not w.isascii():
        # case endings with a consonant (Дортикосом, Кастро's -ой, -ами); a vowel ending goes with the vowels
        if len(w) > 5:
            w = re.sub(r"(?:ом|ем|ым|им|ой|ей|ами|ями|ах|ях)$", "", w)
        w = fold(transliterate(w))
    w = re.sub(r"['’-]s?$|['’-]", "", w)
    for pattern, repl in _SKELETON:
        w = re.sub(pattern, repl, w)
    skeleton = w[0] + re.sub(r"[aeiou]", "", w[1:]) if w else ""
    return skeleton if len(skeleton) >= 3 and skeleton.isalpha() else ""


def identifiers(doc: Document) -> list[list[str]]:
    """The numbered records the document says it is, or is part of: "Presidium Protocol 63" in its title,
    "Extract from Protocol No. 63" in its subtitle, "Telegram 1070 from Moscow" in its citation."""
    from ..vocabulary.records import record_numbers

    found: list[list[str]] = []
    for text in (doc.title, doc.subtitle, *doc.header, doc.citation):
        for kind, number, _, _ in record_numbers(text or ""):
            if [kind, number] not in found:
                found.append([kind, number])
    if doc.document_number and ["document", doc.document_number] not in found:
        found.append(["document", doc.document_number])
    return found


def profile(doc: Document) -> dict:
    """What the build keeps of one document to connect it with the others (stored in ``links.sqlite``)."""
    from collections import Counter

    hashes = shingle_hashes(body_text(doc))
    text = " ".join([doc.title, doc.subtitle, *doc.header, *(p.text for p in doc.paragraphs)])
    counted = Counter(names(text))
    pages = [int(p.page) for p in doc.paragraphs if p.page and p.page.isdigit()]
    from ..vocabulary.records import sender_and_recipient

    sender, recipient = sender_and_recipient(doc.title)
    found = {
        "version": PROFILE_VERSION,
        "minhash": base64.b64encode(minhash(hashes)).decode("ascii"),
        "shingles": int(len(hashes)),
        "characters": sum(len(p.text) for p in doc.paragraphs),
        "date": doc.date.start.isoformat() if doc.date and doc.date.exact else None,
        "language": doc.language,
        "format": doc.format,
        "title": doc.title,
        "sender": sender,
        "recipient": recipient,
        "identifiers": identifiers(doc),
        "names": [k for k, _ in counted.most_common(200)],
        "volume": doc.doc_id.rpartition("-")[0] if doc.container_title else "",
        "number": doc.document_number,
        "pages": [min(pages), max(pages)] if pages else None,
        "references": [r.to_json() for r in doc.references],
        # the edition's back-of-book index headings and how many paragraphs carry each (for related)
        "paragraphs": len(doc.paragraphs),
        "subjects": dict(Counter(s for p in doc.paragraphs for s in p.subjects)),
    }
    found["text"] = text_digest(doc, found)
    return found


def text_digest(doc: Document, p: dict) -> str:
    """A digest of everything the comparison of two documents reads of one of them (``connections``: its
    paragraphs, language, title and head, and its profile's shingles, day, record numbers and names): two
    documents of one digest relate to every other document alike, so a comparison made for one stands for
    the other (the copies of a file, renamed or in another folder, are compared once)."""
    import hashlib
    import json

    what = [doc.language, doc.title, doc.subtitle, list(doc.header), [[q.number, q.text] for q in doc.paragraphs],
            p["minhash"], p["shingles"], p["date"], p["identifiers"], p["names"]]
    return hashlib.blake2b(json.dumps(what, ensure_ascii=False).encode("utf-8"), digest_size=16).hexdigest()


def signature(entry: dict):
    import numpy as np

    return np.frombuffer(base64.b64decode(entry["minhash"]), dtype="<u4")
