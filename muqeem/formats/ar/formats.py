"""Arabic date formats: day, month, year in the order Arabic reads them ("2 ديسمبر 2026").

Django's own Arabic module sets DATE_FORMAT with an Arabic comma and no DATETIME_FORMAT, so
`date:"DATETIME_FORMAT"` fell back to the English "ديسمبر 2, 2026". Only what we change is here;
Django's module still supplies the rest.
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، g:i A"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
