extensions = ["sphinx_offerings"]
offerings_catalogue = "catalogue.yaml"
offerings_date = "2026-11-27"
