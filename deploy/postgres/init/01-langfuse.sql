-- Runs once, when the PostgreSQL volume is first initialised: Langfuse's own database beside
-- Keel's (`keel`, from POSTGRES_DB). Temporal's databases are created by its admin tools.
CREATE DATABASE langfuse;
