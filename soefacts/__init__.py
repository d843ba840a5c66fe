"""soefacts: quantitative facts from Chinese SOE-reform news.

    >>> from soefacts import extract, Fact
    >>> facts = extract("到今天，全省国资国企欠薪约54.6亿元。", ref_date="2017-02-10")
"""

__all__ = ["extract", "Fact"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # Loaded on first use, so that the command line (soefacts.cli) starts without
    # pydantic's model layer.
    if name == "extract":
        from .pipeline import extract

        return extract
    if name == "Fact":
        from .model import Fact

        return Fact
    raise AttributeError(f"module 'soefacts' has no attribute {name!r}")
