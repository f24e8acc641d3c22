#pragma once

#include "admin/http/ApiError.h"
#include "passway/FaceTypes.h"

namespace passway::admin {

// A FaceError as the admin API answers it: 503 face_unavailable or busy
// (try again), 422 face_rejected (the photo, with the reason) or bad_image.
inline ApiError toApiError(const FaceError& e, const std::string& field) {
    switch (e.kind()) {
    case FaceError::Kind::Unavailable: return ApiError(503, "face_unavailable", e.what());
    case FaceError::Kind::Busy: return ApiError(503, "busy", e.what());
    case FaceError::Kind::Rejected: return ApiError(422, "face_rejected", e.what(), field);
    case FaceError::Kind::BadImage: return ApiError(422, "bad_image", e.what(), field);
    case FaceError::Kind::Internal: break;
    }
    return ApiError(500, "internal_error", "face inference failed; see the server log");
}

} // namespace passway::admin
