"""The funds API (/api/v1/funds/): thin views over the selectors and services of the pages."""
