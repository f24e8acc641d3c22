-- Passway schema 3 on PostgreSQL: face embeddings, as db/003_face_embeddings.sql.
-- vector: little-endian float32 x dim.
CREATE TABLE face_embeddings (
    user_id    BIGINT PRIMARY KEY REFERENCES persons (user_id) ON DELETE CASCADE,
    photo_blob TEXT   NOT NULL,
    model      TEXT   NOT NULL,
    dim        BIGINT NOT NULL CHECK (dim > 0),
    vector     BYTEA  NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX face_embeddings_model ON face_embeddings (model, user_id);
