"""Packaging beyond what pyproject.toml can say: the repository's data/, ontology/ and queries/ folders ship
inside the package, as kg/data, kg/ontology and kg/queries in the wheel (package data, read through
importlib.resources by kg/resources.py). The folders stay where they are in the checkout; an editable
install reads them there. Each folder and sub-folder is declared a package of data files, so setuptools
copies them all and warns about none; the gold files (data/gold) are for tests and `make eval` only."""

from setuptools import find_namespace_packages, find_packages, setup

SHIPPED = {"kg.data": "data", "kg.ontology": "ontology", "kg.queries": "queries"}
NOT_SHIPPED = ("gold", "gold.*")


def data_packages() -> list[str]:
    """Every shipped folder and sub-folder as a package name (data/models/ner → kg.data.models.ner)."""
    found = []
    for package, folder in SHIPPED.items():
        found += [package, *(f"{package}.{sub}" for sub in find_namespace_packages(folder, exclude=NOT_SHIPPED))]
    return found


setup(
    packages=[*find_packages(include=["kg", "kg.*"]), *data_packages()],
    package_dir=SHIPPED,
    package_data={"kg": ["*.cfg", "training/*.cfg", "serve/templates/*.html", "serve/static/*"], **{package: ["*"] for package in data_packages()}},
)
