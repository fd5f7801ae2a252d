# Spiders live in this package; Scrapyd lists them with listspiders.json.
