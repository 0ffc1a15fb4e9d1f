"""Writes of the integrity app (CONVENTIONS 1), one module per domain: import the service from its
module (`from liemchinh.integrity.services.alerts import alert_decide`)."""
