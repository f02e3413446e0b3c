# The page is written twice, index.rst and index.md (MyST): a build reads one of them.
# This one reads index.rst; `-D exclude_patterns=index.rst` builds the MyST page instead.
project = "Licences"
extensions = ["sphinx_offerings", "myst_parser"]
offerings_catalogue = "catalogue.yaml"
exclude_patterns = ["index.md"]
