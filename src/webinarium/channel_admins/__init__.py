"""Channel admins: a person × a channel, with a title, a bio, a photo and a status."""
