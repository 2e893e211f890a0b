"""Domain vocabulary that reading and querying share: dates and date spans, classification markings,
language names. It depends on nothing but the data contracts (:mod:`search_engine.model`), so the query
side never has to import the readers to understand "1962-10" or "Top Secret".
"""
