"""The SolrCloud backend: the embedded index's fields, analysis, queries and ranking on a Solr collection.

``SearchEngine("solr://host:8983/solr/COLLECTION")`` selects it (see :mod:`.engine`). Stages: client (HTTP
to the nodes), admin (configset and collection), records (Document -> Solr documents), build (files ->
collection), query (our syntax tree -> Solr query), search (query -> SearchResults).
"""
