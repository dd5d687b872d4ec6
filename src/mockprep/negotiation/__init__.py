"""Salary negotiation: offers, vesting and total-compensation maths, the counter-offer and the
words to say, all built from numbers the candidate enters (nothing here invents a figure).

::

    offer.py         the offer and negotiation profile models (validation names the field)
    currency.py      ISO 4217 codes and how money is shown
    vesting.py       vesting presets and the exact month-by-month schedule (cliffs included)
    compensation.py  year-by-year total compensation, each figure with its sources; comparison
    counter.py       the recommended counter-offer and its reasoning
    script.py        call script, email and checklist in three tones
    offer_file.py    the YAML/JSON file a user keeps (export and import)
    markdown.py      the Markdown report
    chart.py         compensation by year per offer as an inline SVG
"""
