"""soefacts: quantitative facts from Chinese SOE-reform news.

    >>> from soefacts import extract, Fact
    >>> facts = extract("到今天，全省国资国企欠薪约54.6亿元。", ref_date="2017-02-10")
"""

from .model import Fact
from .pipeline import extract

__all__ = ["extract", "Fact"]
__version__ = "0.1.0"
