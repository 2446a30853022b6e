"""Registrations: a person × a conference, with answers, tracking data and a
personal enter link."""
