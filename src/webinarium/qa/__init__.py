"""Questions asked in a conference's room: asking, upvoting, answering,
dismissing, and moderated Q&A (approval before the audience sees a question)."""
