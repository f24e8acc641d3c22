-- Passway schema 3: the face embedding of each enrolled person.
-- One row per person; removed with the person. `model` names the recognizer
-- that computed `vector` (little-endian float32 x dim), so that a change of
-- model is noticed and the embeddings are computed again from `photo_blob`.
CREATE TABLE face_embeddings (
    user_id    INTEGER PRIMARY KEY REFERENCES persons (user_id) ON DELETE CASCADE,
    photo_blob TEXT    NOT NULL,
    model      TEXT    NOT NULL,
    dim        INTEGER NOT NULL CHECK (dim > 0),
    vector     BLOB    NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX face_embeddings_model ON face_embeddings (model, user_id);
