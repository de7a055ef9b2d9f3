"""Built-in importers: each turns one kind of export file into contact records.

- ``linkedin``: LinkedIn ``Connections.csv`` in every era (with or without the ``Notes:``
  preamble and the ``URL`` column, both date styles, Excel re-saves).
- ``linkedin-archive``: the whole LinkedIn data archive (.zip or folder): messages, invitations,
  endorsements, recommendations, positions.
- ``google``, ``outlook``, ``thunderbird``, ``vcard``: address books (Google Contacts CSV, Outlook
  and Outlook.com CSV, Thunderbird CSV, vCard 2.1/3.0/4.0).
- ``hubspot`` / ``hubspot-deals``: HubSpot contact and deal exports (English and French headers).
- ``salesforce-report`` / ``salesforce``: Salesforce report exports (footers stripped) and the
  Data Export service's folder or zip (Contact, Account, Opportunity, OpportunityContactRole, User).
- ``csv``: a generic contacts CSV with a name column and optionally a ``relationship`` column.
"""
