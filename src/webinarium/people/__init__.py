"""People an account knows: registrants, attendees, presenters are people in a role."""
