"""Cross-app tests: deployment checks, migrations, the API schema and the browser tests (e2e/)."""
