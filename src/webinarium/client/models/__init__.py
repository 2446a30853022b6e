"""The answers of every API as pydantic models, one module per API:
`native`, `bigmarker`, `myownconference`, `boomstream`.

Fields are the vendor's own names. A field the server adds later is kept (read
it with ``model.model_extra``), so an older SDK keeps reading a newer server;
a documented field the server leaves out is None.
"""
