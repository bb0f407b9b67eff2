"""A team hub: a PostgreSQL database the firm's IT runs, through which reviewers' laptops sync
the same records exchange packs carry, merged the same way (storage.hub.sync). Who sees which
matter is enforced by PostgreSQL's row-level security (storage.hub.schema); the administrator's
commands are in storage.hub.admin. psycopg is the optional `hub` extra, imported on first use."""
