"""The register's one Django app: the models and a small shared core at the top
(workflow, facts and submission, access, labels, notifications), then one package per
journey: filing, approvals, register and people. Journeys use the core and `policies`;
the core never imports a journey (tests/declarations/test_import_rule.py)."""
