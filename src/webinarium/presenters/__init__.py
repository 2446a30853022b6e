"""Presenters: a person × a conference, with the rights and switches the
organiser gave them."""
