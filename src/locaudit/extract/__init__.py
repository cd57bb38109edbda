"""Turn a fetched response into a Page: decode, parse, extract fields, detect language."""
