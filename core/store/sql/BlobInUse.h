#pragma once

namespace passway {

// Whether any stored row still names the blob ?1: a record, a person, a
// credential or a face embedding (retention deletes a photo only when none
// does). Each term repeats its table's partial index condition (`<> ''`):
// SQLite uses a partial index only where the query implies the index's
// WHERE, and without the repeated term each check scanned the whole records,
// persons and credentials tables, once per photo a retention batch freed.
inline constexpr const char* kBlobInUseSql =
    "SELECT CAST("
    "EXISTS (SELECT 1 FROM records WHERE photo_blob = CAST(?1 AS TEXT) AND photo_blob <> '') OR "
    "EXISTS (SELECT 1 FROM persons WHERE photo_blob = CAST(?1 AS TEXT) AND photo_blob <> '') OR "
    "EXISTS (SELECT 1 FROM person_credentials WHERE blob = CAST(?1 AS TEXT) AND blob <> '') OR "
    "EXISTS (SELECT 1 FROM face_embeddings WHERE photo_blob = CAST(?1 AS TEXT)) AS INTEGER)";

} // namespace passway
