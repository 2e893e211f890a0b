"""What an index folder holds, by name, and how damage to it is reported.

Layout of an index folder::

    index_data/
      CURRENT          name of the live generation (replaced atomically)
      .lock            held (flock) by the one build that may run at a time
      gen-.../         one generation: whoosh files (with each segment's posting arrays, *_postings.bin: see
                       index.postings, and what a query reads of every passage, *_arrays.npz: see index.arrays),
                       catalog.json, words.sqlite, links.sqlite (profiles and connections), the documents (docs-*.z: each
                       one's JSON compressed, located through the catalog; its passages' texts are whoosh's) and
                       MANIFEST.json, written last
      ocr-cache/       the text Tesseract read on each page of a scan, by the hash of its file: kept across
                       generations and rebuilds, pruned to the scans the index holds
"""

from __future__ import annotations

from ..errors import IndexDamagedError

# 2: formats, languages, transliterated terms; 3: year/month facets, vocabulary; 4: manifest;
# 5: document fields indexed on the first passage only, stored in meta; columns for counts and facets;
# 6: subject headings from an edition's back-of-book index
# 7: documents keep the volume they are printed in (title, editors, publisher, number), for citations
# 8: documents keep their cross-references; sketches.json (MinHash, names) and links.json (connections)
# 9: words normalized (NFC, no format characters), a word runs on across combining marks and zero-width
#    characters; build-time checksum stamps
# 10: documents from libraries (Zotero, Tropy): item type, creators, fields, collections and tags; passage links
# 11: the words as written (=word) beside their stems; words.sqlite for stems.json and vocabulary.json
# 12: a leaner index: the document's display data stored on its first passage only, passage ids stored and not
#     indexed, no classification text field, rare terms' postings inlined, the documents compressed
# 13: no written form (=castro) posted for a word that is its own one index term (castro: the exact form is read
#     from the term's positions); words.sqlite's spelt table (the Cyrillic words under a Latin term); positions as
#     varints of their gaps (analysis.fields.CompactPositions), postings blocks pickled in protocol 4, whole weights
#     as integers; the posting arrays' weights as uint16 and their directory 12 bytes a term (index.postings)
# 14: the profiles and connections in links.sqlite (index.linkstore), read and written a document at a time,
#     instead of sketches.json and links.json
# 15: a document's passage texts stored together, 32 at a time on the last passage of each run, not each passage's
#     on its own; the paragraph number a column only (no term); the posting arrays leave out the terms whoosh
#     inlines in its term table (with a Bloom filter of them)
# 16: links.sqlite keeps no pair of two documents of one text (a file's copies: the profiles' copy column says
#     them) and each group once; profiles carry the digest of what a comparison reads (sketches.text_digest)
# 17: a passage's meta leaves out its page and language when its document's first passage has the same, and its
#     notes when it cites none (index.schema.INHERITED); a document read from a file is stored without its
#     passages' texts (whoosh stores them); the term table's hash slots 4 for 3 terms and its inlined postings
#     pickled without a memo, frame or header, the postings' blocks without a memo (index.writer._pickled); a term
#     with inlined postings keeps 3 bytes of statistics, not 23 (index.terms: the segments name its TermsCodec);
#     the postings of a term held by fewer than 4 passages inlined, not fewer than 2
# 18: a document's labelled fields its header does not hold (a form's record number, a telegram's "NO:") are
#     indexed with its description and counted in the words table (model.Document.labelled_fields)
# 19: whoosh's stored fields hold no passage id (the doc_id and paragraph columns give it) and no empty meta: a
#     passage that has nothing of its own to show stores nothing; the doc_id, date_start and date_end columns
#     as references to each distinct value (index.columns.References), not each passage's value;
#     the postings of a term held by fewer than 8 passages inlined, not fewer than 4
# 20: the term table without whoosh's hash tables, each term's lengths as varints (index.terms.TermTable): a term
#     is found by a binary search of every 64th key, kept with its extras, then of its run of 64; the posting
#     arrays' weights a byte each in a chunk whose weights are below 256; a term's inlined postings as varints,
#     not pickled (index.terms.lean_entry)
FORMAT_VERSION = 20
WORDS = "words.sqlite"  # every word as written: its stem, the form it is written in most, how often (index.words)
CATALOG = "catalog.json"
LINKS = "links.sqlite"  # each document's profile and the connections between documents (index.linkstore)
MANIFEST = "MANIFEST.json"  # file name -> [size, sha256] for every other file of the generation
VERIFIED = ".verified.json"  # file name -> [inode, size, mtime_ns] when its content last matched the manifest
DOCS_PREFIX = "docs-"  # docs-<token>.z: the parsed documents, each one's JSON compressed (zlib), one after another
CURRENT = "CURRENT"
LOCK = ".lock"
OCR_CACHE = "ocr-cache"
WHOOSH_INDEX = "MAIN"


def damaged(what: str) -> IndexDamagedError:
    """The error for a damaged index, with the advice that repairs it."""
    return IndexDamagedError(f"index damaged: {what}; run `search-engine index --rebuild`")
